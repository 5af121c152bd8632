// Negative: the ticker is stored in a struct field; Close stops it.
package ticker_stored_in_field

import "time"

type Poller struct{ t *time.Ticker }

func (p *Poller) Start(d time.Duration) {
	t := time.NewTicker(d)
	p.t = t
}

func (p *Poller) Close() { p.t.Stop() }

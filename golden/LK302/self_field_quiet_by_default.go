// A strategy field set to a method of the same receiver (the shape reviewed
// as 0 of 8 true on real services): quiet by default, reported with
// --preview (see guide_service.go).
package self_field_quiet_by_default

import "time"

type Poller struct {
	buf  []byte
	now  func() time.Time
	poll func()
}

func (p *Poller) Init() {
	p.poll = p.pollOnce
}

func (p *Poller) pollOnce() {
	_ = p.now()
}

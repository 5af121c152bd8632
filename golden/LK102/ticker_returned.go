// Negative: the ticker is returned; the caller owns it and must stop it.
package ticker_returned

import "time"

func Every(d time.Duration) *time.Ticker {
	t := time.NewTicker(d)
	return t
}

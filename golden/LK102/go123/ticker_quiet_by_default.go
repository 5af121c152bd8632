// Case (go 1.23), negative by default: the unstopped ticker of
// ticker_never_stopped_style is not a leak since Go 1.23 (collected even if
// never stopped), so without --preview nothing is reported.
package ticker_quiet_by_default

import "time"

func Poll(done <-chan struct{}, check func()) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			check()
		case <-done:
			return
		}
	}
}

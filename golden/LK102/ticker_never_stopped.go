// Case: a ticker drives a polling loop that returns when done is closed,
// and is never stopped (go 1.22: it keeps firing forever). The fix defers
// Stop right after the creation.
package ticker_never_stopped

import "time"

func Poll(done <-chan struct{}, check func()) {
	t := time.NewTicker(time.Second) // want LK102
	for {
		select {
		case <-t.C:
			check()
		case <-done:
			return
		}
	}
}

// Case (go 1.23): the same unstopped ticker as ticker_never_stopped, but
// since Go 1.23 an unreferenced ticker is collected even if never stopped:
// a style report, no fix, only in preview.
// golden-args: --preview
package ticker_never_stopped_style

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

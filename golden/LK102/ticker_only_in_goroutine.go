// Case: the ticker is used only by the goroutine the function starts; the
// goroutine exits when stop is closed. Stopping it when the function
// returns would starve the goroutine, so the defer goes inside it.
package ticker_only_in_goroutine

import "time"

func Heartbeat(stop <-chan struct{}, beat func()) {
	t := time.NewTicker(time.Second) // want LK102
	go func() {
		for {
			select {
			case <-t.C:
				beat()
			case <-stop:
				return
			}
		}
	}()
}

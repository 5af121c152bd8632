// Negative: the goroutine started here stops the ticker when it exits.
package stopped_in_goroutine

import "time"

func Heartbeat(stop <-chan struct{}, beat func()) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
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

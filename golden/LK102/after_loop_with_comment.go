// Case: time.After in a select loop inside a goroutine, with comments above
// the loop: the timer is created above those comments, so they stay with
// the loop they describe.
package after_loop_with_comment

import "time"

func Keepalive(stop <-chan struct{}, work <-chan int, handle func(int), ping func()) {
	go func() {
		// Handle work until stopped; a quiet period of a second
		// triggers one ping.
		for {
			select {
			case <-stop:
				return
			case v := <-work:
				handle(v)
			case <-time.After(time.Second): // want LK102
				ping()
			}
		}
	}()
}

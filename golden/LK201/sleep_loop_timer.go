package sleep_loop_timer

import (
	"fmt"
	"time"
)

// poll sleeps between rounds forever; go 1.22 module: the sleep becomes a
// timer that is stopped when the context ends.  startPolling has no context:
// it is threaded up to it.
func poll(interval time.Duration) {
	go func() { // want LK201
		for {
			fmt.Println("polling")
			time.Sleep(interval)
		}
	}()
}

func startPolling() {
	poll(time.Minute)
}

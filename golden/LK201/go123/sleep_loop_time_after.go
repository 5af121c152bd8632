package sleep_loop_time_after

import (
	"context"
	"fmt"
	"time"
)

// go 1.23 module: an unreferenced time.After timer is collected, so the
// sleep becomes a select on ctx.Done() and time.After.
func poll(ctx context.Context, interval time.Duration) {
	go func() { // want LK201
		for {
			fmt.Println("polling")
			time.Sleep(interval)
		}
	}()
}

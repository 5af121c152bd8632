package ticker_body_with_continue

import (
	"context"
	"time"
)

// The ticker loop's body moves under a select: continue keeps its meaning,
// the inner switch's break too, and a send in the body gets its own select.
func watch(ctx context.Context, check func() int, alerts chan<- int) {
	t := time.NewTicker(time.Minute)
	go func() { // want LK201
		for now := range t.C {
			_ = now
			n := check()
			if n == 0 {
				continue
			}
			switch {
			case n < 0:
				break
			default:
				alerts <- n
			}
		}
	}()
}

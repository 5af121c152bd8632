package labeled_ticker_loop

import (
	"context"
	"time"
)

// A labeled ticker loop keeps its label; continue with the label keeps
// meaning the loop.  The timer comes from time.NewTimer.
func refresh(ctx context.Context, items []int, out chan<- int) {
	t := time.NewTimer(time.Minute)
	go func() { // want LK201
	tick:
		for range t.C {
			for _, it := range items {
				if it == 0 {
					continue tick
				}
				out <- it
			}
		}
	}()
}

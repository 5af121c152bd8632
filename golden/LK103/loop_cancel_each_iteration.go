// Negative: inside a loop, cancel is called at the end of every iteration
// and before the early return.
package loop_cancel_each_iteration

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func RunAll(parent context.Context, n int) error {
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		if err := work(ctx); err != nil {
			cancel()
			return err
		}
		cancel()
	}
	return nil
}

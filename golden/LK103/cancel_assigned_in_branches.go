// Negative: the cancel variable is assigned in both branches of an if and
// deferred once after it.
package cancel_assigned_in_branches

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func Run(ctx context.Context, d time.Duration) error {
	var cancel context.CancelFunc
	if d > 0 {
		ctx, cancel = context.WithTimeout(ctx, d)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	return work(ctx)
}

// Case: the cancel variable is reused for a second context whose cancel
// is never called. The first is cancelled on every path: only the second
// is fixed.
// golden-input-fails-vet
package reused_cancel_variable

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func Reuse(p context.Context) error {
	ctx, cancel := context.WithCancel(p)
	if err := work(ctx); err != nil {
		cancel()
		return err
	}
	cancel()
	ctx, cancel = context.WithTimeout(p, time.Second) // want LK103
	return work(ctx)
}

// Case: plain assignment (=) with the cancel function discarded. The fix
// declares the cancel variable before the statement, then defers it.
// golden-input-fails-vet
package discarded_assign

import "context"

func work(ctx context.Context) error { return ctx.Err() }

func Run(ctx context.Context) error {
	ctx, _ = context.WithCancel(ctx) // want LK103
	return work(ctx)
}

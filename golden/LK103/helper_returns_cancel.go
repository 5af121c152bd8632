// A project helper returns a fresh cancel func (the module index's
// summary: it comes from context.WithTimeout and the helper neither calls
// it nor hands it elsewhere): the caller must call it, like WithTimeout's.
package helper_returns_cancel

import (
	"context"
	"time"
)

func withDeadline(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, time.Second)
}

func step(ctx context.Context) error { return ctx.Err() }

func Run(parent context.Context) error {
	ctx, cancel := withDeadline(parent) // want LK103
	if err := step(ctx); err != nil {
		cancel()
		return err
	}
	return step(ctx)
}

// Negative: the caller defers it.
func RunDeferred(parent context.Context) error {
	ctx, cancel := withDeadline(parent)
	defer cancel()
	return step(ctx)
}

// Negative: the helper returns a function of its own (a closure over the
// cancel func): not a fresh cancel func, the index cannot say what calling
// it does; nothing to report in the caller.
func logged(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, func() { cancel() }
}

func RunLogged(parent context.Context) error {
	ctx, cancel := logged(parent)
	if err := step(ctx); err != nil {
		cancel()
		return err
	}
	return step(ctx)
}

// Case: cancel is deferred only in one branch; the other path returns
// without it (vet's lostcancel: "the cancel function is not used on all
// paths"). A use in a branch that does not reach every return does not
// count: defer cancel() is added after the call.
// golden-input-fails-vet
package deferred_in_one_branch

import (
	"context"
	"time"
)

func step(ctx context.Context) error { return ctx.Err() }

func Run(parent context.Context, slow bool) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want LK103
	if slow {
		defer cancel()
		return step(ctx)
	}
	return step(ctx)
}

// Negative: both branches defer it: every path is covered.
func Both(parent context.Context, slow bool) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if slow {
		defer cancel()
	} else {
		defer cancel()
	}
	return step(ctx)
}

// Case: WithCancelCause's cancel is called only on the error path; the
// deferred call of a CancelCauseFunc needs an argument: defer cancel(nil).
// golden-input-fails-vet
package cancel_cause_error_path_only

import (
	"context"
	"errors"
)

func work(ctx context.Context) error { return ctx.Err() }

func Run(parent context.Context, ok bool) error {
	ctx, cancel := context.WithCancelCause(parent) // want LK103
	if !ok {
		cancel(errors.New("not ok"))
		return nil
	}
	return work(ctx)
}

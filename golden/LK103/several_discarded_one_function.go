// Case: three discarded cancel functions in one function (one := and two
// =): each gets its own free name (cancel, cancel2, cancel3), so the
// declarations do not collide.
// golden-input-fails-vet
package several_discarded_one_function

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func Run(parent context.Context) error {
	ctx, _ := context.WithCancel(parent) // want LK103
	if err := work(ctx); err != nil {
		return err
	}
	ctx, _ = context.WithTimeout(parent, time.Second) // want LK103
	if err := work(ctx); err != nil {
		return err
	}
	ctx, _ = context.WithDeadline(parent, time.Now().Add(time.Second)) // want LK103
	return work(ctx)
}

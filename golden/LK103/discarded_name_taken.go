// Case: the name cancel is already used in the function, so the fix picks
// the next free name (cancel2).
// golden-input-fails-vet
package discarded_name_taken

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func Fetch(parent context.Context, cancel bool) error {
	if cancel {
		return nil
	}
	ctx, _ := context.WithDeadline(parent, time.Now().Add(time.Minute)) // want LK103
	return work(ctx)
}

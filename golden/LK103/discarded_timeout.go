// Case: the cancel function of WithTimeout is discarded with _. The fix
// names it and defers it right after the call.
// golden-input-fails-vet
package discarded_timeout

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func Fetch(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Hour) // want LK103
	return work(ctx)
}

// Negative: the idiomatic form, cancel deferred right after the call.
package deferred

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func Fetch(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Hour)
	defer cancel()
	return work(ctx)
}

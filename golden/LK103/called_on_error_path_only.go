// Case: cancel is called when the first step fails, but the success path
// returns without it. defer cancel() is added; the existing call stays
// (a second call of cancel is harmless).
// golden-input-fails-vet
package called_on_error_path_only

import (
	"context"
	"time"
)

func step(ctx context.Context) error { return ctx.Err() }

func Run(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want LK103
	if err := step(ctx); err != nil {
		cancel()
		return err
	}
	return step(ctx)
}

// Case: the context is handed to a goroutine that may outlive the
// function; a deferred cancel would stop it early, so the fix is unsafe
// (applied here because of --unsafe-fixes).
// golden-input-fails-vet
// golden-args: --unsafe-fixes
package goroutine_uses_ctx_unsafe

import "context"

func worker(ctx context.Context, out chan<- error) { out <- ctx.Err() }

func Start(parent context.Context, out chan<- error) {
	ctx, _ := context.WithCancel(parent) // want LK103
	go worker(ctx, out)
}

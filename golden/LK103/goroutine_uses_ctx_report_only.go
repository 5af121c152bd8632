// Case: same as goroutine_uses_ctx_unsafe without --unsafe-fixes: the
// finding is reported, nothing is changed (vet still complains afterwards).
// golden-input-fails-vet
package goroutine_uses_ctx_report_only

import "context"

func worker(ctx context.Context, out chan<- error) { out <- ctx.Err() }

func Start(parent context.Context, out chan<- error) {
	ctx, _ := context.WithCancel(parent) // want LK103
	go worker(ctx, out)
}

// Negative: cancel is called inside a deferred closure.
package deferred_closure

import (
	"context"
	"log"
)

func work(ctx context.Context) error { return ctx.Err() }

func Run(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer func() {
		log.Print("done")
		cancel()
	}()
	return work(ctx)
}

// Negative (a false positive of the review): a context derived from
// context.Background with WithCancel is registered nowhere and starts no
// timer, so deferring its cancel in a loop holds nothing until the return.
package discarded_background_cancel_quiet

import "context"

func Run(jobs []func(context.Context)) {
	for _, job := range jobs {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		job(ctx)
	}
}

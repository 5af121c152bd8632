// Case: the cancel variable is reassigned (=) in the loop right after a
// cancel() of the previous value, and a deferred closure cancels the last
// one (syncthing's folder watch loop): every context is cancelled. Quiet.
// golden-input-fails-vet
package cancelled_before_reassign_quiet

import "context"

func Watch(ctx context.Context, restarts <-chan struct{}, run func(context.Context)) {
	aggrCtx, aggrCancel := context.WithCancel(ctx)
	defer func() {
		aggrCancel() // reassigned below: call it within the closure
	}()
	for {
		select {
		case <-restarts:
			run(aggrCtx)
			aggrCancel()
			aggrCtx, aggrCancel = context.WithCancel(ctx)
		case <-ctx.Done():
			return
		}
	}
}

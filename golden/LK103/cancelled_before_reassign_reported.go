// Case: as cancelled_before_reassign_quiet.go, but the previous value is not
// cancelled before the reassignment: each restart leaks one child. Reported.
// golden-input-fails-vet
package cancelled_before_reassign_reported

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
			aggrCtx, aggrCancel = context.WithCancel(ctx) // want LK103
		case <-ctx.Done():
			return
		}
	}
}

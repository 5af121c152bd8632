// Case: children of context.Background() left uncancelled on purpose (pgx's
// context watcher test): a parent that is never done registers no child, so
// each one is collected once unreferenced. Quiet. (WithTimeout of
// Background starts a timer and stays reported: discarded_timeout.go.)
// golden-input-fails-vet
package background_child_quiet

import "context"

func Cycle(n int, watch func(context.Context)) {
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		watch(ctx)
		if i%2 == 0 {
			cancel()
		}
	}
}

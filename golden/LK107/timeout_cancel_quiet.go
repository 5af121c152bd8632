// Case: the loop's only defer cancels a WithTimeout context: each context
// leaves its parent when its timeout fires, like a time.After timer (raft's
// replication poll). Preview shape (timeout-cancel): quiet by default
// (timeout_cancel_short_fix.go has it with --preview).
package timeout_cancel_quiet

import (
	"context"
	"time"
)

func Run(parent context.Context, jobs []func(context.Context)) {
	for _, job := range jobs {
		ctx, cancel := context.WithTimeout(parent, time.Minute)
		defer cancel()
		job(ctx)
	}
}

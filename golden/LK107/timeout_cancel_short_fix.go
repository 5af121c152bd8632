// golden-args: --preview (a loop whose only defers cancel timeouts is the timeout-cancel preview shape)
// golden-args: --unsafe-fixes
// Case: WithTimeout starts a timer per iteration, held until the function
// returns: reported (unlike a WithCancel of Background).  Nothing after the
// defer leaves the iteration early, so the short fix calls cancel at the end
// of the iteration (unsafe: a cancel is not a file close).
package timeout_cancel_short_fix

import (
	"context"
	"time"
)

func Run(parent context.Context, jobs []func(context.Context)) {
	for _, job := range jobs {
		ctx, cancel := context.WithTimeout(parent, time.Minute)
		defer cancel() // want LK107
		job(ctx)
	}
}

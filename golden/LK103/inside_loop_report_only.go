// Case: the discarded cancel sits in a loop: a defer would keep every
// iteration's context until the function returns, so report only.
// golden-input-fails-vet
package inside_loop_report_only

import (
	"context"
	"time"
)

func work(ctx context.Context) error { return ctx.Err() }

func RunAll(parent context.Context, n int) error {
	for i := 0; i < n; i++ {
		ctx, _ := context.WithTimeout(parent, time.Second) // want LK103
		if err := work(ctx); err != nil {
			return err
		}
	}
	return nil
}

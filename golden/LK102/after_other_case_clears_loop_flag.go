// Case: the other case of the select clears the flag the loop's condition
// reads, and only `continue` follows the select (go-redis's dial retry): an
// iteration that goes on took the timer's case, so its timer fired. Quiet.
package after_other_case_clears_loop_flag

import (
	"context"
	"errors"
	"time"
)

func Dial(ctx context.Context, dial func() error, backoff time.Duration) error {
	var lastErr error
	shouldLoop := true
	for attempt := 0; attempt < 5 && shouldLoop; attempt++ {
		if err := dial(); err != nil {
			lastErr = err
			select {
			case <-ctx.Done():
				shouldLoop = false
			case <-time.After(backoff):
			}
			continue
		}
		return nil
	}
	return errors.Join(lastErr, ctx.Err())
}

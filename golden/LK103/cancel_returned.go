// Negative: the cancel function is returned to the caller, who owns it.
package cancel_returned

import (
	"context"
	"time"
)

func WithLimit(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	return ctx, cancel
}

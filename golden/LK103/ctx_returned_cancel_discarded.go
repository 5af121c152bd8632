// Case: the derived context is returned while its cancel is discarded: the
// caller needs the cancel function, which only a signature change can
// give. Report only.
// golden-input-fails-vet
package ctx_returned_cancel_discarded

import (
	"context"
	"time"
)

func WithLimit(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, time.Minute) // want LK103
	return ctx
}

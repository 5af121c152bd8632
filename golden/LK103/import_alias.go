// Case: the context package is imported under another name; the fix and
// the declared type use that name.
// golden-input-fails-vet
package import_alias

import (
	stdctx "context"
	"time"
)

func work(ctx stdctx.Context) error { return ctx.Err() }

func Run(ctx stdctx.Context) error {
	var err error
	ctx, _ = stdctx.WithTimeoutCause(ctx, time.Hour, nil) // want LK103
	err = work(ctx)
	return err
}

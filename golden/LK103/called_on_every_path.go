// Negative: cancel is called before every return, including the one in a
// switch case and the end of the function.
package called_on_every_path

import (
	"context"
	"time"
)

func step(ctx context.Context) error { return ctx.Err() }

func Run(parent context.Context, mode int) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	switch mode {
	case 0:
		cancel()
		return nil
	case 1:
		if err := step(ctx); err != nil {
			cancel()
			return err
		}
	}
	err := step(ctx)
	cancel()
	return err
}

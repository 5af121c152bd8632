// make(chan T, 0) is unbuffered too: the 0 becomes 1.
package make_zero_fixed

import (
	"context"
	"os"
)

func Stat(ctx context.Context, path string) (os.FileInfo, error) {
	type answer struct {
		fi  os.FileInfo
		err error
	}
	ch := make(chan answer, 0) // want LK202
	go func() {
		fi, err := os.Stat(path)
		ch <- answer{fi, err}
	}()
	select {
	case a := <-ch:
		return a.fi, a.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

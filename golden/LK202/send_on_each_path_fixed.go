// The goroutine sends on two paths, each followed only by return or the end
// of the goroutine: at most one value per run, so a buffer of 1 is enough.
// close(ch) after the send is allowed too.
package send_on_each_path_fixed

import (
	"context"
	"strconv"
)

type parsed struct {
	n   int
	err error
}

func Parse(ctx context.Context, s string) (int, error) {
	ch := make(chan parsed) // want LK202
	go func() {
		n, err := strconv.Atoi(s)
		if err != nil {
			ch <- parsed{err: err}
			return
		}
		ch <- parsed{n: n}
		close(ch)
	}()
	select {
	case p := <-ch:
		return p.n, p.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

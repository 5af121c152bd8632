// Report only: the goroutine does more after its send (it records the
// delivery). With an unbuffered channel that code runs only once the caller
// has the value; a buffer would let it run without waiting, or although
// nobody ever receives. No automatic fix.
package work_after_send_report

import (
	"context"
	"sync/atomic"
)

var delivered atomic.Int64

func fetch(id int) int { return id * 2 }

func Fetch(ctx context.Context, id int) (int, error) {
	ch := make(chan int) // want LK202
	go func() {
		ch <- fetch(id)
		delivered.Add(1)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

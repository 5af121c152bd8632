// Negative: the goroutine sends from a select that also waits on ctx.Done(),
// so it has its own way out.
package goroutine_selects_done

import "context"

func compute() int { return 42 }

func Compute(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

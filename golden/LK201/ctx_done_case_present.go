package ctx_done_case_present

import "context"

// Already stops when the context ends.
func produce(ctx context.Context, out chan<- int) {
	go func() {
		for i := 0; ; i++ {
			select {
			case out <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		for {
			select {
			case out <- 1:
			case <-ctx.Done():
				return
			}
		}
	}()
}

package background_callers_one_real

import "context"

// Negative of background_callers_report_only: one caller passes a context
// that gets cancelled (its own parameter), so the goroutine gets its
// ctx.Done() case.
func start(ctx context.Context, ch chan<- int) {
	go func() { // want LK201
		for {
			ch <- 1
		}
	}()
}

func Run(ctx context.Context) chan int {
	ch := make(chan int)
	start(ctx, ch)
	start(context.Background(), ch)
	return ch
}

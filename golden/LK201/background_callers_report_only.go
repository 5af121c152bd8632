package background_callers_report_only

import "context"

// start has a context parameter, but its only caller passes
// context.Background(): nothing ever cancels it, so threading it into the
// goroutine would remove nothing. Reported, no fix.
func start(ctx context.Context, ch chan<- int) {
	go func() { // want LK201
		for {
			ch <- 1
		}
	}()
}

func Run() chan int {
	ch := make(chan int)
	start(context.Background(), ch)
	return ch
}

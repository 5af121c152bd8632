package receive_define_report_only

import "context"

// `v := <-in` declares v for the rest of the loop body: a select cannot
// replace it in place, so the finding has no fix.
func relay(ctx context.Context, in <-chan int, out chan<- int) {
	go func() { // want LK201
		for {
			v := <-in
			out <- v
		}
	}()
}

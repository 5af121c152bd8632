package receive_define_moves_rest

import "context"

// `v := <-in` declares v for the rest of the loop body: the rest moves into
// the new select case (one level in), where v is in scope; a second receive
// nests, and the sum's send gets its own select.
func relay(ctx context.Context, in, in2 <-chan int, out chan<- int) {
	go func() { // want LK201
		for {
			v := <-in // first
			w, ok := <-in2

			if !ok {
				continue
			}
			out <- v + w
		}
	}()
}

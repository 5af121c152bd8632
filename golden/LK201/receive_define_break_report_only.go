package receive_define_break_report_only

import "context"

// The statements after `v := <-in` hold a break that leaves the switch:
// under a new select it would leave the select instead, so no fix.
func relay(ctx context.Context, mode int, in <-chan int, out chan<- int) {
	go func() { // want LK201
		for {
			switch mode {
			case 1:
				v := <-in
				if v < 0 {
					break
				}
				out <- v
			default:
				out <- 0
			}
		}
	}()
}

// Negative (go 1.23): time.After in a select loop no longer keeps its
// timer once unreferenced.
package after_in_select_loop_go123

import "time"

func Collect(in <-chan int, idle time.Duration) []int {
	var out []int
	for {
		select {
		case v := <-in:
			out = append(out, v)
		case <-time.After(idle):
			return out
		}
	}
}

// Case: time.After in a select loop: each iteration that takes the other
// case leaves a timer behind until it fires (go 1.22). The fix reuses one
// timer: stop, drain, Reset before each select.
package after_in_select_loop

import "time"

func Collect(in <-chan int, idle time.Duration) []int {
	var out []int
	for {
		select {
		case v := <-in:
			out = append(out, v)
		case <-time.After(idle): // want LK102
			return out
		}
	}
}

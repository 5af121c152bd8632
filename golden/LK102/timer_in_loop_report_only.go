// Case: a new timer per loop iteration, never stopped. A defer in the loop
// would hold every timer until the function returns: report only.
package timer_in_loop_report_only

import "time"

func Drain(in <-chan int, d time.Duration) int {
	n := 0
	for {
		timer := time.NewTimer(d) // want LK102
		select {
		case <-in:
			n++
		case <-timer.C:
			return n
		}
	}
}

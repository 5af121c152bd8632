// Case: time.After in a select loop whose duration is a variable declared
// inside the loop: the timer cannot be created before the loop with it, so
// report only.
package after_duration_from_loop_report_only

import "time"

func Collect(in <-chan int, base time.Duration) int {
	n := 0
	for {
		wait := base * time.Duration(n+1)
		select {
		case <-in:
			n++
		case <-time.After(wait): // want LK102
			return n
		}
	}
}

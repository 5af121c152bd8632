// Case: the other case clears a flag the loop's condition does not read:
// the loop goes on after that case too, so its timer piles up. Reported
// (the select's other case does not leave the loop).
package after_other_case_sets_unrelated_flag

import "time"

func Drain(in <-chan int, idle time.Duration, n int) (sum int, timedOut bool) {
	seen := true
	for i := 0; i < n; i++ {
		select {
		case v := <-in:
			sum += v
			seen = false
		case <-time.After(idle): // want LK102
			timedOut = true
		}
		_ = seen
	}
	return sum, timedOut
}

// Case: time.After in a select inside a labelled loop. The timer lines go
// before the label, indented like the loop (gofmt outdents the label).
package after_labeled_loop

import "time"

func Sum(in <-chan int, d time.Duration) int {
	n := 0
L:
	for {
		select {
		case v := <-in:
			if v < 0 {
				continue L
			}
			n += v
		case <-time.After(d): // want LK102
			break L
		}
	}
	return n
}

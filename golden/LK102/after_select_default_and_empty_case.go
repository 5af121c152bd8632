// Case: time.After in a select loop with an empty case and a default case;
// both get the stop-and-drain lines, so Reset always finds a stopped timer
// with an empty channel.
package after_select_default_and_empty_case

import "time"

func Spin(in <-chan int, quit <-chan struct{}, d time.Duration, idle func()) int {
	n := 0
	for {
		select {
		case <-in:
		case <-quit: // asked to stop
			return n
		case <-time.After(d): // want LK102
			n++
		default:
			idle()
		}
	}
}

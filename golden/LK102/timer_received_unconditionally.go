// Negative: the timer's channel is received on every path, so the timer
// has fired and left the runtime heap: nothing to stop.
package timer_received_unconditionally

import "time"

func Sleep(d time.Duration) time.Time {
	tm := time.NewTimer(d)
	got := <-tm.C
	return got
}

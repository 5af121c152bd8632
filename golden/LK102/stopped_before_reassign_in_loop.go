// Negative: in a loop, the previous iteration's timer is stopped before a
// new one is assigned; a Stop anywhere in the function counts.
package stopped_before_reassign_in_loop

import "time"

func Wait(in <-chan int, d time.Duration) {
	var t *time.Timer
	for {
		if t != nil {
			t.Stop()
		}
		t = time.NewTimer(d)
		select {
		case <-in:
		case <-t.C:
			return
		}
	}
}

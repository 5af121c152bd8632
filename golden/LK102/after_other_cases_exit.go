// Negative (raft's accept loop and metrics emitter, go 1.22): every other
// case of the select returns, so an iteration that goes on took the timer's
// own case: that timer fired, none piles up.
package after_other_cases_exit

import "time"

func Emit(interval time.Duration, stop <-chan struct{}, emit func()) {
	for {
		select {
		case <-time.After(interval):
			emit()
		case <-stop:
			return
		}
	}
}

// Case: a timeout timer that is never stopped when the result arrives
// first; it stays in the runtime timer heap until it fires.
package timer_never_stopped

import (
	"errors"
	"time"
)

func Wait(results <-chan int, d time.Duration) (int, error) {
	timer := time.NewTimer(d) // want LK102
	select {
	case v := <-results:
		return v, nil
	case <-timer.C:
		return 0, errors.New("timeout")
	}
}

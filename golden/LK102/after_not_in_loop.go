// Negative: time.After in a select that runs once: no pile-up.
package after_not_in_loop

import (
	"errors"
	"time"
)

func Wait(in <-chan int) (int, error) {
	select {
	case v := <-in:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

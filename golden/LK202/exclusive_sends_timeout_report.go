// Case: the same four exclusive sends count as one value, but the function
// can time out before receiving it: reported (the goroutine logs after its
// send, which a buffer would let run before the receive: no fix).
package exclusive_sends_timeout_report

import (
	"errors"
	"log"
	"time"
)

func Classify(k int) error {
	done := make(chan error) // want LK202
	go func() {
		if k == 1 {
			done <- errors.New("one")
		} else if k == 2 {
			done <- errors.New("two")
		} else {
			done <- nil
		}
		log.Print("classified")
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Second):
		return errors.New("timeout")
	}
}

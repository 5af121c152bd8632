// The channel is made in each iteration of a retry loop: after a timeout the
// iteration ends (continue), the channel goes out of scope, and its sender is
// abandoned.
package retry_loop_fixed

import (
	"errors"
	"time"
)

func ping(addr string) error {
	time.Sleep(time.Millisecond)
	return nil
}

func PingWithRetries(addr string, tries int) error {
	for i := 0; i < tries; i++ {
		res := make(chan error) // want LK202
		go func() {
			res <- ping(addr)
		}()
		select {
		case err := <-res:
			if err == nil {
				return nil
			}
		case <-time.After(50 * time.Millisecond):
			continue
		}
	}
	return errors.New("no answer")
}

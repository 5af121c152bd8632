// Negative: the channel already has a buffer.
package already_buffered

import (
	"errors"
	"time"
)

func Lookup(key string, timeout time.Duration) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- key + "!"
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(timeout):
		return "", errors.New("timeout")
	}
}

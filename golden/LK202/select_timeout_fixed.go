// The classic abandoned sender: the result goes over an unbuffered channel
// while the caller waits in a select with a timeout. After the timeout
// nobody receives, and the goroutine blocks forever. Fixed by a buffer of 1.
package select_timeout_fixed

import (
	"errors"
	"time"
)

func slowLookup(key string) string {
	time.Sleep(10 * time.Millisecond)
	return "value of " + key
}

func Lookup(key string, timeout time.Duration) (string, error) {
	ch := make(chan string) // want LK202
	go func() {
		ch <- slowLookup(key)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(timeout):
		return "", errors.New("lookup timed out")
	}
}

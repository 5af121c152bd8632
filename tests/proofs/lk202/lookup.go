// Package lookup has an abandoned sender (LK202): Lookup starts a goroutine
// that sends its result on an unbuffered channel while Lookup waits in a
// select with a short timeout. After the timeout nobody receives, and the
// goroutine blocks on its send forever.
package lookup

import (
	"errors"
	"time"
)

func slowLookup(key string) string {
	time.Sleep(50 * time.Millisecond)
	return "value of " + key
}

// Lookup returns the value of key, or an error after timeout.
func Lookup(key string, timeout time.Duration) (string, error) {
	ch := make(chan string)
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

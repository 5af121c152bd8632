// Package leaky leaks goroutines in its own tests, which pass: an endless
// producer (LK201) and an abandoned sender (LK202).  gofixleaks prove shows
// both leaks before the fixes and none after.
package leaky

import (
	"context"
	"errors"
	"time"
)

// numbers is the leak guide's producer: once the reader stops, the
// goroutine blocks on its send forever.
func numbers() <-chan string {
	ch := make(chan string)
	go func() {
		for {
			ch <- "data"
		}
	}()
	return ch
}

// FirstN reads n values and stops listening.  The fix passes ctx on to
// numbers, so cancelling it ends the producer.
func FirstN(ctx context.Context, n int) []string {
	ch := numbers()
	out := make([]string, 0, n)
	for len(out) < n {
		out = append(out, <-ch)
	}
	return out
}

func slowLookup(key string) string {
	time.Sleep(20 * time.Millisecond)
	return "value of " + key
}

// Lookup waits for slowLookup at most timeout; after a timeout nobody
// receives, and the goroutine blocks on its send forever.
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

// pump is never called by the tests: its finding stays unproven.
func pump(ctx context.Context, out chan<- int) {
	go func() {
		for {
			out <- 1
		}
	}()
}

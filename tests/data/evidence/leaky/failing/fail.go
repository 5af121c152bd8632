// Package failing leaks only in a test that fails before any fix.
package failing

import "time"

func Fetch(timeout time.Duration) int {
	ch := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		ch <- 42
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		return 0
	}
}

// Package hang has a goroutine finding and a test that never ends: prove
// stops it at its timeout and says so.
package hang

import "time"

func Get(timeout time.Duration) int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		return 0
	}
}

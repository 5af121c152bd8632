// Report only: the goroutine defers wg.Done(), which runs after the send.
// With a buffer, Wait would return before the value has been received: not
// the same program any more. No automatic fix.
package deferred_done_report

import (
	"sync"
	"time"
)

func work() string { return "done" }

func Run(wg *sync.WaitGroup, timeout time.Duration) string {
	ch := make(chan string) // want LK202
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- work()
	}()
	select {
	case s := <-ch:
		return s
	case <-time.After(timeout):
		return "timeout"
	}
}

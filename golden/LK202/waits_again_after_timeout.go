// Negative: after the timeout the function logs and then waits for the value
// anyway, so every path receives it.
package waits_again_after_timeout

import (
	"log"
	"time"
)

func slow() int {
	time.Sleep(time.Millisecond)
	return 1
}

func Get() int {
	ch := make(chan int)
	go func() {
		ch <- slow()
	}()
	var v int
	select {
	case v = <-ch:
	case <-time.After(time.Second):
		log.Println("slow, still waiting")
		v = <-ch
	}
	return v
}

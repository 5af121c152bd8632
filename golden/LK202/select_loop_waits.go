// Negative: the select sits in a loop whose other case only logs and goes on
// waiting; the only way out is receiving the value.
package select_loop_waits

import (
	"log"
	"time"
)

func slow() int {
	time.Sleep(time.Millisecond)
	return 7
}

func Wait() int {
	ch := make(chan int)
	go func() {
		ch <- slow()
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case v := <-ch:
			return v
		case <-tick.C:
			log.Println("still waiting")
		}
	}
}

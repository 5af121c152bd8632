// gorilla/websocket's echo client: on interrupt, wait for the close or a
// second and return. The time.After select runs once, not per iteration.
package after_select_then_return_runs_once

import (
	"log"
	"time"
)

func run(done <-chan struct{}, interrupt <-chan struct{}, ticks <-chan time.Time) {
	for {
		select {
		case <-done:
			return
		case t := <-ticks:
			log.Println(t)
		case <-interrupt:
			log.Println("interrupt")
			select {
			case <-done:
			case <-time.After(time.Second):
			}
			return
		}
	}
}

// A jump before the return: the select can run again.
func again(done <-chan struct{}, work <-chan int) {
	for {
		select {
		case <-done:
		case <-time.After(time.Second): // want LK102
		}
		if len(work) > 0 {
			continue
		}
		return
	}
}

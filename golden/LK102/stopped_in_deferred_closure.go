// Negative: the ticker is stopped inside a deferred closure.
package stopped_in_deferred_closure

import (
	"log"
	"time"
)

func Poll(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer func() {
		t.Stop()
		log.Print("stopped")
	}()
	for {
		select {
		case <-t.C:
		case <-done:
			return
		}
	}
}

// The select sits in a loop, but one of its other cases returns: the loop can
// end before the value is received.
package select_loop_returns_fixed

import (
	"context"
	"log"
	"time"
)

func build() string {
	time.Sleep(time.Millisecond)
	return "artifact"
}

func Build(ctx context.Context) (string, error) {
	out := make(chan string) // want LK202
	go func() {
		out <- build()
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case a := <-out:
			return a, nil
		case <-tick.C:
			log.Println("still building")
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

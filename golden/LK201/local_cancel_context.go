package local_cancel_context

import (
	"context"
	"fmt"
)

// run makes its own cancellable context before starting the goroutine:
// the goroutine uses it, so returning from run stops it.
func run(in <-chan string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var line string
	go func() { // want LK201
		for {
			line = <-in
			fmt.Println(line)
		}
	}()
	<-ctx.Done()
}

package select_without_exit

import (
	"context"
	"log"
)

// fanIn's select has no exit case: it gets a ctx.Done() case.  The bare
// break inside the select keeps its meaning (it leaves the select).
func fanIn(ctx context.Context, a, b <-chan int, out chan<- int) {
	go func() { // want LK201
		for {
			select {
			case v := <-a:
				if v < 0 {
					break
				}
				out <- v
			case v := <-b:
				log.Println("from b", v)
			}
		}
	}()
}

// Report only: the goroutine defers a recover handler, which runs after the
// send. No automatic fix.
package deferred_recover_report

import (
	"context"
	"log"
)

func risky(n int) int { return 100 / n }

func Divide(ctx context.Context, n int) (int, error) {
	ch := make(chan int) // want LK202
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Println("recovered:", r)
			}
		}()
		ch <- risky(n)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

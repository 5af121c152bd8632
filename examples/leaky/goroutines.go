package leaky

import (
	"context"
	"log"
	"time"
)

// FetchData is the leak guide's producer (LK201): nothing stops the
// goroutine once the receiver goes away.
func FetchData() <-chan string {
	ch := make(chan string)
	go func() {
		for {
			ch <- "data"
		}
	}()
	return ch
}

// startTicker is the leak guide's ticker (LK201): never stopped, and the
// goroutine ranges over ticker.C forever.
func startTicker() {
	ticker := time.NewTicker(1 * time.Second)
	go func() {
		for range ticker.C {
			log.Println("tick")
		}
	}()
}

// Watch polls forever (LK201): the sleep ignores the context it was given.
func Watch(ctx context.Context, probe func() bool) {
	startTicker()
	go func() {
		for {
			if !probe() {
				log.Println("probe failed")
			}
			time.Sleep(10 * time.Second)
		}
	}()
}

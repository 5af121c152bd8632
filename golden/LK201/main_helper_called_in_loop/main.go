package main

import (
	"log"
	"time"
)

// startWorker is called in a loop: each call leaks one more goroutine.
// Reported without a fix: its only caller, main, has no context that ever
// gets cancelled (it would pass context.TODO(), which stops nothing).
func main() {
	for i := 0; i < 3; i++ {
		startWorker(i)
	}
	select {}
}

func startWorker(id int) {
	go func() { // want LK201
		for {
			time.Sleep(time.Second)
			log.Println("worker", id)
		}
	}()
}

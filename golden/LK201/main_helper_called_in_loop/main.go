package main

import (
	"log"
	"time"
)

// startWorker is called in a loop: each call leaks one more goroutine.
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

package ticker_range_loop

import (
	"log"
	"time"
)

// startTicker is the leak guide's ticker: the ticker is never stopped and
// the goroutine ranges over ticker.C forever.
func startTicker() {
	ticker := time.NewTicker(1 * time.Second)
	go func() { // want LK201
		for range ticker.C {
			log.Println("tick")
		}
	}()
}

package time_tick_constant_period

import (
	"log"
	"time"
)

// time.Tick's ticker can never be stopped: with a positive constant
// period it becomes a time.NewTicker that is stopped when the goroutine
// ends.
func cleanup() {
	go func() { // want LK201
		for now := range time.Tick(5 * time.Minute) {
			log.Println("cleanup at", now)
		}
	}()
}

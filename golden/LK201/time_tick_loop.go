package time_tick_loop

import (
	"log"
	"time"
)

// time.Tick's ticker can never be stopped: with a positive constant
// period it becomes a time.NewTicker that is stopped when the goroutine
// ends; a variable period is reported only (NewTicker panics for d <= 0,
// where Tick returns nil).
func cleanup(period time.Duration) {
	go func() { // want LK201
		for now := range time.Tick(5 * time.Minute) {
			log.Println("cleanup at", now)
		}
	}()
	go func() { // want LK201
		for range time.Tick(period) {
			log.Println("cleanup")
		}
	}()
}

package time_tick_variable_period_report_only

import (
	"log"
	"time"
)

// A variable period is reported only: time.NewTicker panics for d <= 0,
// where time.Tick returns nil.
func cleanup(period time.Duration) {
	go func() { // want LK201
		for range time.Tick(period) {
			log.Println("cleanup")
		}
	}()
}

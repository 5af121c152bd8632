package ticker_reassigned_not_reported

import (
	"log"
	"time"
)

// The ticker variable is assigned again: which ticker the loop reads is
// not known, so it is not reported.
func tickers(fast bool) {
	t := time.NewTicker(time.Second)
	if fast {
		t = time.NewTicker(time.Millisecond)
	}
	go func() {
		for range t.C {
			log.Println("tick")
		}
	}()
}

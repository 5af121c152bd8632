package sync_once_do_function_value

import (
	"sync"
	"time"
)

var (
	dateOnce sync.Once
	date     = make(chan time.Time)
)

// updateDate is run only through dateOnce.Do(updateDate) (fasthttp's
// serverDateOnce.Do(updateServerDate)): once per process. Not reported.
func updateDate() {
	go func() {
		for {
			time.Sleep(time.Second)
			date <- time.Now()
		}
	}()
}

func Date() time.Time {
	dateOnce.Do(updateDate)
	return <-date
}

package function_value_not_once

import (
	"time"
)

var date = make(chan time.Time)

// updateDate is handed to a scheduler that may call it many times (a use
// as a value that is not once.Do's): reported, no fix.
func updateDate() {
	go func() { // want LK201
		for {
			time.Sleep(time.Second)
			date <- time.Now()
		}
	}()
}

func Schedule(every func(func())) {
	every(updateDate)
}

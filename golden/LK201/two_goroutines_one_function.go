package two_goroutines_one_function

import "time"

// Two goroutines in one function: one context parameter is added (the
// second fix, offered again on the next round, uses it).
func startBoth(a, b chan<- int) {
	go func() { // want LK201
		for {
			a <- 1
		}
	}()
	go func() { // want LK201
		for {
			time.Sleep(time.Millisecond)
			b <- 2
		}
	}()
}

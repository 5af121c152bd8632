package two_goroutines_one_function

import "time"

// Two goroutines in one function: both fixes add the same context
// parameter, which is applied once, in one round.
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

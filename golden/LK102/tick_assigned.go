// Case: time.Tick in a function that returns: its ticker can never be
// stopped. The fix creates a NewTicker, defers Stop and reads its channel.
package tick_assigned

import "time"

func WaitTicks(n int) {
	c := time.Tick(10 * time.Millisecond) // want LK102
	for i := 0; i < n; i++ {
		<-c
	}
}

// Case: ranging over time.Tick in a loop that returns when done; the
// ticker outlives the function. Fixed with NewTicker + defer Stop.
package tick_range_with_exit

import "time"

func Poll(done func() bool) {
	for range time.Tick(time.Second) { // want LK102
		if done() {
			return
		}
	}
}

// Case: ranging over time.Tick in a labelled loop that can be left.
package tick_labeled_range

import "time"

func Poll(done func() bool) {
outer:
	for range time.Tick(time.Second) { // want LK102
		if done() {
			break outer
		}
	}
}

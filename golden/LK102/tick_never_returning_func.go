// Negative: time.Tick in a function that never returns (an endless loop):
// the ticker is needed for the program's lifetime, time.Tick is fine.
package tick_never_returning_func

import "time"

func Run(work func()) {
	for range time.Tick(time.Second) {
		work()
	}
}

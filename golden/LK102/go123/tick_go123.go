// Negative (go 1.23): time.Tick no longer leaks its ticker.
package tick_go123

import "time"

func WaitTicks(n int) {
	c := time.Tick(10 * time.Millisecond)
	for i := 0; i < n; i++ {
		<-c
	}
}

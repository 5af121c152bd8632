// Negative: the ticker drives a goroutine that loops forever with no
// exit. That is a goroutine leak: LK201 owns it, LK102 says nothing.
package goroutine_never_exits

import "time"

func Forever(beat func()) {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C {
			beat()
		}
	}()
}

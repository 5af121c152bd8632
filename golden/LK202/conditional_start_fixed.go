// The goroutine is started in an if branch; the select after the if can take
// its timeout. The break in the select leaves the select, not the function.
package conditional_start_fixed

import "time"

func Probe(enabled bool, addr string) bool {
	ok := make(chan bool) // want LK202
	if enabled {
		go func() {
			ok <- addr != ""
		}()
	}
	select {
	case v := <-ok:
		if !v {
			break
		}
		return true
	case <-time.After(10 * time.Millisecond):
	}
	return false
}

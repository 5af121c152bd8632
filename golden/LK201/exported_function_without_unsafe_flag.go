package exported_function_without_unsafe_flag

import "time"

// Without --unsafe-fixes the exported signature is left alone: the finding
// is reported, nothing changes.
func StartHeartbeat(beats chan<- struct{}) {
	go func() { // want LK201
		for {
			time.Sleep(time.Second)
			beats <- struct{}{}
		}
	}()
}

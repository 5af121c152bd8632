package exported_function_unsafe

// golden-args: --unsafe-fixes

import "time"

// StartHeartbeat is exported: adding a context parameter breaks its callers
// outside the package, so the fix is unsafe and needs --unsafe-fixes.
func StartHeartbeat(beats chan<- struct{}) {
	go func() { // want LK201
		for {
			time.Sleep(time.Second)
			beats <- struct{}{}
		}
	}()
}

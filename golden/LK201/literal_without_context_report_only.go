package literal_without_context_report_only

import "time"

// The go statement sits in a callback literal without any context in scope
// (no parameter, no request, no test): no parameter can be added to a
// literal, so the finding has no fix.
func every(d time.Duration, events chan<- string) *time.Timer {
	return time.AfterFunc(d, func() {
		go func() { // want LK201
			for {
				events <- "tick"
			}
		}()
	})
}

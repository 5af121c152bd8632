// Case: the ticker is used by both the function and a goroutine it starts;
// no single place to stop it is certain: report only.
package shared_with_goroutine_report_only

import "time"

func Both(stop <-chan struct{}, beat func()) {
	t := time.NewTicker(time.Second) // want LK102
	go func() {
		select {
		case <-t.C:
			beat()
		case <-stop:
		}
	}()
	<-t.C
}

// Case: a retry loop that reassigns resp on every attempt; earlier
// responses are overwritten without being closed. The request is inside a
// loop and resp is assigned more than once, so report-only: no fix.
package retry_loop_report_only

import (
	"net/http"
	"time"
)

func StatusWithRetry(url string) (int, error) {
	var (
		resp *http.Response
		err  error
	)
	for attempt := 0; attempt < 3; attempt++ {
		resp, err = http.Get(url) // want LK101
		if err == nil && resp.StatusCode < 500 {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond)
	}
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

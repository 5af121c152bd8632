// Case: a polling loop over a *http.Client parameter. The request is inside
// a `for` loop and the error branch ends in break; even though the shape
// after the call looks fixable, a defer in a loop is not safe, so this is
// report-only: no fix, file unchanged.
package inside_for_loop_break

import (
	"net/http"
	"time"
)

func WaitReady(c *http.Client, url string) bool {
	for i := 0; i < 10; i++ {
		resp, err := c.Get(url) // want LK101
		if err != nil {
			break
		}
		if resp.StatusCode == http.StatusOK {
			return true
		}
		time.Sleep(time.Second)
	}
	return false
}

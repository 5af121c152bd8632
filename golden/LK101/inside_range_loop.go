// Case: the request is inside a range loop. A deferred close would pile up
// until the function returns, so the leak is reported without a fix.
package inside_range_loop

import "net/http"

func CountOK(urls []string) int {
	ok := 0
	for _, u := range urls {
		resp, err := http.Get(u) // want LK101
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusOK {
			ok++
		}
	}
	return ok
}

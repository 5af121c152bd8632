// Case: the error is discarded (`resp, _ := http.Get(url)`). There is no
// error check to anchor the defer after, so the leak is reported but the
// file is left unchanged (report-only).
package error_discarded

import "net/http"

func Status(url string) int {
	resp, _ := http.Get(url) // want LK101
	return resp.StatusCode
}

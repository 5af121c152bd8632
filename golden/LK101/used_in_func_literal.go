// Negative: the response is used inside a (non-goroutine) func literal.
// The analysis does not follow closures, so it must stay silent. No
// finding.
package used_in_func_literal

import "net/http"

func StatusFunc(url string) (func() int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	status := func() int {
		return resp.StatusCode
	}
	return status, nil
}

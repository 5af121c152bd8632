// Negative: a real leak, suppressed with `//gofixleaks:ignore LK101` on the
// line above the call. No finding, no change.
package suppressed_ignore_line_above

import "net/http"

func Status(url string) (int, error) {
	//gofixleaks:ignore LK101
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Negative: a real leak, suppressed with `//gofixleaks:ignore LK101` on the
// call line itself. No finding, no change.
package suppressed_ignore_same_line

import "net/http"

func Status(url string) (int, error) {
	resp, err := http.Get(url) //gofixleaks:ignore LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

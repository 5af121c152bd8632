// Negative: a real leak, suppressed with //nolint:gofixleaks on the call
// line. No finding, no change.
package suppressed_nolint

import "net/http"

func Status(url string) (int, error) {
	resp, err := http.Get(url) //nolint:gofixleaks
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

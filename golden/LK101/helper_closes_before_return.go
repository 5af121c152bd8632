// Negative: the helper reads and closes the body before it returns the
// response (for its status and headers): nothing is fresh, no finding in
// the caller (bodyclose's own false positive on such helpers).
package helper_closes_before_return

import (
	"io"
	"net/http"
)

func fetch(url string) (*http.Response, []byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

func Status(url string) (int, error) {
	resp, _, err := fetch(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

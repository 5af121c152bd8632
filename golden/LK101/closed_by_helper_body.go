// Negative: resp.Body is handed to a helper (drain) that discards and
// closes it. A helper given resp.Body counts as closing. No finding.
package closed_by_helper_body

import (
	"io"
	"net/http"
)

func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, body)
	_ = body.Close()
}

func Status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer drain(resp.Body)
	return resp.StatusCode, nil
}

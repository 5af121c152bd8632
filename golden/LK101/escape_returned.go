// Negative: the response is returned to the caller, who owns the body from
// then on. No finding.
package escape_returned

import "net/http"

func Open(url string) (*http.Response, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Negative: the response is appended to a slice. No finding.
package appended_to_slice

import "net/http"

func FetchBoth(a, b string) ([]*http.Response, error) {
	var out []*http.Response
	resp, err := http.Get(a)
	if err != nil {
		return nil, err
	}
	out = append(out, resp)
	resp2, err := http.Get(b)
	if err != nil {
		return out, err
	}
	out = append(out, resp2)
	return out, nil
}

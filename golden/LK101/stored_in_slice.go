// Negative: the response is stored into a slice element by index. No
// finding.
package stored_in_slice

import "net/http"

func FetchAll(urls []string) ([]*http.Response, error) {
	out := make([]*http.Response, len(urls))
	for i, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			return out, err
		}
		out[i] = resp
	}
	return out, nil
}

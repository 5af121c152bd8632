// Negative: the response is stored in a map. No finding.
package stored_in_map

import "net/http"

func FetchAll(urls []string) (map[string]*http.Response, error) {
	out := make(map[string]*http.Response, len(urls))
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			return out, err
		}
		out[u] = resp
	}
	return out, nil
}

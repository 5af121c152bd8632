// Case: the response and error variables have non-conventional names
// (r, e). The fix must use the actual name: `defer r.Body.Close()`.
package custom_names

import "net/http"

func Status(url string) (int, error) {
	r, e := http.Get(url) // want LK101
	if e != nil {
		return 0, e
	}
	return r.StatusCode, nil
}

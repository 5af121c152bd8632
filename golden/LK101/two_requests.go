// Case: two independent requests in one function, neither body closed.
// Each gets its own finding and its own inserted defer.
package two_requests

import "net/http"

func BothUp(a, b string) (bool, error) {
	first, err := http.Get(a) // want LK101
	if err != nil {
		return false, err
	}
	second, err := http.Get(b) // want LK101
	if err != nil {
		return false, err
	}
	return first.StatusCode == http.StatusOK && second.StatusCode == http.StatusOK, nil
}

// Case: http.Head whose error branch ends in panic. Fix expected.
package head

import "net/http"

func MustExist(url string) bool {
	resp, err := http.Head(url) // want LK101
	if err != nil {
		panic(err)
	}
	return resp.StatusCode == http.StatusOK
}

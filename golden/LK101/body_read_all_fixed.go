// Case: the body is read with io.ReadAll(resp.Body). A known reader does
// not count as an escape or a close, so the leak is still reported and
// fixed.
package body_read_all_fixed

import (
	"io"
	"net/http"
)

func Fetch(url string) ([]byte, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

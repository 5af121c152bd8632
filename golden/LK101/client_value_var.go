// Case: the client is a local variable initialised from the value literal
// http.Client{...} (no &). c.Head(url) is recognised; fix expected.
package client_value_var

import (
	"net/http"
	"time"
)

func Exists(url string) (bool, error) {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Head(url) // want LK101
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

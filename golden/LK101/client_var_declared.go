// Case: the client is a variable declared with `var c *http.Client` and
// assigned later. The declared type makes c.Post recognised; fix expected.
package client_var_declared

import (
	"net/http"
	"strings"
)

func Send(url, body string) (int, error) {
	var c *http.Client
	c = http.DefaultClient
	resp, err := c.Post(url, "text/plain", strings.NewReader(body)) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

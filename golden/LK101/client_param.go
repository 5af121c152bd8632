// Case: the client is a function parameter declared as *http.Client.
// c.Get(url) is recognised; the body is never closed, fix expected.
package client_param

import "net/http"

func Status(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

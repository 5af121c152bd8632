// Case: the client is a local variable initialised from &http.Client{...}.
// c.Do(req) is recognised; fix expected.
package client_local_var

import (
	"net/http"
	"time"
)

func Status(url string) (int, error) {
	c := &http.Client{Timeout: 5 * time.Second}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

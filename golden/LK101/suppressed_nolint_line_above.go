// Negative: a real leak through a *http.Client parameter, suppressed with
// //nolint:gofixleaks on the line above the call. No finding, no change.
package suppressed_nolint_line_above

import "net/http"

func Status(c *http.Client, url string) (int, error) {
	//nolint:gofixleaks
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

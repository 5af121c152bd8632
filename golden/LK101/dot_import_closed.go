// Negative: net/http is dot-imported, so Get and Client are used without a
// qualifier. The body is closed properly, so whatever the tool decides about
// resolving dot imports, there must be no finding and no change (and no
// crash).
package dot_import_closed

import . "net/http"

func Status(url string) (int, error) {
	resp, err := Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func StatusWith(c *Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

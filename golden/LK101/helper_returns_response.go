// A project helper returning *http.Response (like bodyclose's
// AssertResponseCode or httpGetBasicAuth helpers): the module index's
// summary says get returns a fresh response, so its caller must close it.
package helper_returns_response

import "net/http"

func get(url, user, pass string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(user, pass)
	return http.DefaultClient.Do(req)
}

func Status(url string) (int, error) {
	resp, err := get(url, "u", "p") // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

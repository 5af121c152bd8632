// Negative: the body is already closed with `defer resp.Body.Close()`. No
// finding.
package closed_deferred

import "net/http"

func Status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

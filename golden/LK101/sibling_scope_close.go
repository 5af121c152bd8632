// Closes belong to the variable they resolve to: the resp of the first
// branch is closed, the resp of the second (another variable of the same
// name, in a sibling scope) is not, and is reported.
package sibling_scope_close

import "net/http"

func Status(url string, head bool) (int, error) {
	if head {
		resp, err := http.Head(url)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		return resp.StatusCode, nil
	} else {
		resp, err := http.Get(url) // want LK101
		if err != nil {
			return 0, err
		}
		return resp.StatusCode, nil
	}
}

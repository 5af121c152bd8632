// Case: the canonical LK101 shape. http.Get's response body is never
// closed; the next statement is `if err != nil { return ... }`, so the fix
// inserts `defer resp.Body.Close()` right after the if statement.
package get_fixed

import "net/http"

func Status(url string) (int, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

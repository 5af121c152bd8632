// Case: the if statement's closing brace carries a trailing comment. The
// comment must stay on the `}` line; the defer goes on the next line.
package trailing_comment

import "net/http"

func Status(url string) (int, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return 0, err
	} // network errors are returned as-is
	return resp.StatusCode, nil
}

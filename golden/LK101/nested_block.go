// Case: the request sits inside an if block (not a loop), one level deeper
// than the function body. The inserted defer must use the if statement's
// own indentation (two tabs).
package nested_block

import "net/http"

func MaybeStatus(enabled bool, url string) (int, error) {
	if enabled {
		resp, err := http.Get(url) // want LK101
		if err != nil {
			return 0, err
		}
		return resp.StatusCode, nil
	}
	return 0, nil
}

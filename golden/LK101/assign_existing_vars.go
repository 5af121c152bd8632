// Case: plain assignment `resp, err = CALL` to variables declared earlier
// (not :=). Still the fixable shape.
package assign_existing_vars

import "net/http"

func Status(url string) (int, error) {
	var (
		resp *http.Response
		err  error
	)
	resp, err = http.Get(url) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

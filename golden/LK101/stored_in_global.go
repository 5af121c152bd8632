// Negative: the response is stored in a package-level variable. No finding.
package stored_in_global

import "net/http"

var lastResponse *http.Response

func Remember(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	lastResponse = resp
	return nil
}

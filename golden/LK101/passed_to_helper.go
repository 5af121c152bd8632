// Negative: the response is passed to a function that is not a known body
// reader (here a handler callback chosen by the caller). Ownership may move
// there, so it counts as an escape. No finding.
package passed_to_helper

import "net/http"

func Fetch(url string, handle func(*http.Response) error) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return handle(resp)
}

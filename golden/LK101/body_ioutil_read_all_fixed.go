// Case: the body is read with the legacy ioutil.ReadAll(resp.Body). Still
// a known reader, not an escape: reported and fixed.
package body_ioutil_read_all_fixed

import (
	"io/ioutil"
	"net/http"
)

func Fetch(url string) (string, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return "", err
	}
	b, err := ioutil.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

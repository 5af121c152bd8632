// Case: http.PostForm. Fix expected.
package post_form

import (
	"net/http"
	"net/url"
)

func Login(endpoint, user, pass string) (bool, error) {
	form := url.Values{"user": {user}, "pass": {pass}}
	resp, err := http.PostForm(endpoint, form) // want LK101
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

// Negative: the code expects the request to fail (a test of an error
// path): `if err == nil` or `if resp != nil` right after the call. The body
// would leak only on the path that already reports a failure. No finding.
package expects_failure

import (
	"errors"
	"net/http"
)

func MustFail(c *http.Client, url string) error {
	if _, err := c.Get(url); err == nil {
		return errors.New("want an error")
	}
	resp, err := c.Get(url)
	if resp != nil {
		return errors.New("want no response")
	}
	return err
}

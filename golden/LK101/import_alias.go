// Case: net/http imported under a local alias (`h`). h.Get must be
// recognised as net/http's Get and fixed like the plain form.
package import_alias

import h "net/http"

func Status(url string) (int, error) {
	resp, err := h.Get(url) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

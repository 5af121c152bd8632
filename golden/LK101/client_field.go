// Case: the request goes through a struct field declared as *http.Client
// in the same file (`a.client.Do(req)`). The field type makes the receiver
// a recognised client, so the unclosed body is reported and fixed.
package client_field

import (
	"context"
	"net/http"
)

type API struct {
	client *http.Client
	base   string
}

func (a *API) Status(ctx context.Context, path string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return 0, err
	}
	resp, err := a.client.Do(req) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

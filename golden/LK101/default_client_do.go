// Case: http.DefaultClient.Do(req). The default client is always a
// recognised receiver; fix expected.
package default_client_do

import (
	"context"
	"net/http"
)

func Status(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

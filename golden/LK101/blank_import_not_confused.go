// Negative: net/http is only blank-imported (`_ "net/http"`), so the name
// `http` is not bound to it, and the package defines its own Get whose
// result has a Body field. `Get(url)` here is NOT net/http's Get. No
// finding.
package blank_import_not_confused

import (
	"io"
	_ "net/http"
	"strings"
)

type Response struct {
	StatusCode int
	Body       io.ReadCloser
}

func Get(url string) (*Response, error) {
	return &Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(url))}, nil
}

func Status(url string) (int, error) {
	resp, err := Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

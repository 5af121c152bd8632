// The Do method belongs to a local wrapper type, not *http.Client; the
// module index follows it: its summary says it returns a fresh response
// (the inner client's, its body not closed), so the caller must close it.
package wrapper_client_followed

import (
	"log"
	"net/http"
)

type loggingClient struct {
	inner *http.Client
}

func (l *loggingClient) Do(req *http.Request) (*http.Response, error) {
	log.Printf("%s %s", req.Method, req.URL)
	resp, err := l.inner.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func Status(url string) (int, error) {
	lc := &loggingClient{inner: http.DefaultClient}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := lc.Do(req) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Negative (documented limit): the Do method belongs to a local wrapper
// type, not *http.Client, and the receiver `lc` is not one of the
// syntactically recognised client forms. It returns *http.Response, but
// LK101 does not match it. (Inside the wrapper, the inner client's response
// is returned, i.e. it escapes.) No finding.
package unrecognized_client_not_matched

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
	resp, err := lc.Do(req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

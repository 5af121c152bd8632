// Negative: the file does not import net/http at all. A package-level
// function named Get, and a local variable named `http` with a Get method,
// look like the LK101 shape but are unrelated. No finding.
package local_get_no_net_http

import (
	"io"
	"strings"
)

type Response struct {
	StatusCode int
	Body       io.ReadCloser
}

func Get(url string) (*Response, error) {
	return &Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(url))}, nil
}

type fakeHTTP struct{}

func (fakeHTTP) Get(url string) (*Response, error) { return Get(url) }

func Status(url string) (int, error) {
	resp, err := Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func StatusViaVar(url string) (int, error) {
	http := fakeHTTP{}
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

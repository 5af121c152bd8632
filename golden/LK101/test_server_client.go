// The client's type is not in the syntax: ts.Client() on an
// *httptest.Server returns an *http.Client (the index's table of standard
// results), and a struct field of a client type declared elsewhere.
package test_server_client

import (
	"net/http"
	"net/http/httptest"
)

type tester struct {
	client *http.Client
	base   string
}

func newTester(ts *httptest.Server) *tester {
	return &tester{client: ts.Client(), base: ts.URL}
}

func Probe(h http.Handler) (int, error) {
	ts := httptest.NewServer(h)
	defer ts.Close()
	c := ts.Client()
	resp, err := c.Get(ts.URL) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func ProbeTester(h http.Handler) (int, error) {
	ts := httptest.NewServer(h)
	defer ts.Close()
	tt := newTester(ts)
	resp, err := tt.client.Get(tt.base) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

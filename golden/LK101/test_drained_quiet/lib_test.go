// Case: a test reads the body to EOF with io.ReadAll and never closes it
// (gin's, chi's tests): at EOF the transport already reuses the connection.
// Preview shape (test-drained-body): quiet by default (test_drained_preview
// has it with --preview; outside tests body_read_all_fixed.go is reported).
package test_drained_quiet

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHello(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(Hello))
	defer ts.Close()
	resp, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "hello" {
		t.Fatalf("got %q", body)
	}
}

// golden-args: --preview
// Case: test_drained_quiet with --preview: reported and fixed.
package test_drained_preview

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHello(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(Hello))
	defer ts.Close()
	resp, err := http.Get(ts.URL) // want LK101
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "hello" {
		t.Fatalf("got %q", body)
	}
}

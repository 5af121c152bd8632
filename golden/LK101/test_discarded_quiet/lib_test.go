// Case: a test discards the response and checks that the request fails
// (go-retryablehttp, chi): a response exists only when the test fails.
// Preview shape (discarded-in-test): quiet by default (test_discarded_preview
// has it with --preview).
package test_discarded_quiet

import (
	"net/http"
	"testing"
)

func TestUnreachable(t *testing.T) {
	_, err := http.Get("http://999.999.999.999:999/")
	if err == nil {
		t.Fatal("want an error")
	}
}

func TestUnreachableAssert(t *testing.T) {
	client := &http.Client{}
	_, err := client.Get("http://999.999.999.999:999/")
	assertError(t, err)
}

func assertError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
}

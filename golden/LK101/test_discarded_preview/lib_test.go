// golden-args: --preview
// Case: test_discarded_quiet with --preview: the discarded response whose
// error is asserted is reported (report only).
package test_discarded_preview

import (
	"net/http"
	"testing"
)

func TestUnreachableAssert(t *testing.T) {
	client := &http.Client{}
	_, err := client.Get("http://999.999.999.999:999/") // want LK101
	assertError(t, err)
}

func assertError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
}

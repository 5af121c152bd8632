// Case: the statement right after the call is not the error check (a log
// line comes first). Report-only: no fix, file unchanged.
package no_immediate_err_check

import (
	"log"
	"net/http"
)

func Status(url string) (int, error) {
	resp, err := http.Get(url) // want LK101
	log.Printf("fetched %s", url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

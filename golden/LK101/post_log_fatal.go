// Case: http.Post whose error branch ends in log.Fatalf (a terminating
// call rather than a return). Fix expected.
package post_log_fatal

import (
	"bytes"
	"log"
	"net/http"
)

func MustPost(url string, payload []byte) int {
	resp, err := http.Post(url, "application/json", bytes.NewReader(payload)) // want LK101
	if err != nil {
		log.Fatalf("post %s: %v", url, err)
	}
	return resp.StatusCode
}

// Case: the immediate `if err != nil` block only logs and falls through, so
// it does not always terminate. Report-only: no fix, file unchanged.
package err_check_not_terminating

import (
	"log"
	"net/http"
)

func Status(url string) int {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		log.Printf("fetch %s: %v", url, err)
	}
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

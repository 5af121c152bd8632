// Case: the error check has an else branch. The fix only applies to an if
// without else, so this is report-only: no fix, file unchanged.
package err_check_with_else

import (
	"log"
	"net/http"
)

func Status(url string) (int, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return 0, err
	} else {
		log.Printf("fetched %s", url)
	}
	return resp.StatusCode, nil
}

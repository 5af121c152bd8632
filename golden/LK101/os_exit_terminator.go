// Case: the error branch ends in os.Exit after printing. Fix expected.
package os_exit_terminator

import (
	"fmt"
	"net/http"
	"os"
)

func CheckOrDie(url string) int {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch failed:", err)
		os.Exit(1)
	}
	return resp.StatusCode
}

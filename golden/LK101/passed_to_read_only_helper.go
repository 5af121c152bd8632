// The response is handed to functions that only read it: fmt.Printf (a
// table of standard functions that neither close nor keep their arguments)
// and a project helper whose summary says it only reads its parameter.
// The body is still never closed.
package passed_to_read_only_helper

import (
	"fmt"
	"net/http"
)

func logStatus(r *http.Response) {
	fmt.Printf("%s %d\n", r.Status, r.ContentLength)
}

func Status(url string) (int, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return 0, err
	}
	logStatus(resp)
	fmt.Printf("%v\n", resp.Header)
	return resp.StatusCode, nil
}

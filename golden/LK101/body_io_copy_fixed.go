// Case: the body is copied with io.Copy(dst, resp.Body) and also wrapped
// in bufio.NewReader in a second function. Both are known readers, not
// escapes: each request is reported and fixed.
package body_io_copy_fixed

import (
	"bufio"
	"io"
	"net/http"
)

func Download(dst io.Writer, url string) (int64, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return 0, err
	}
	return io.Copy(dst, resp.Body)
}

func FirstLine(url string) (string, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return "", err
	}
	return bufio.NewReader(resp.Body).ReadString('\n')
}

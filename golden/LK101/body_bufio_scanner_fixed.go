// Case: the body is read line by line with bufio.NewScanner(resp.Body).
// Known reader, not an escape: reported and fixed.
package body_bufio_scanner_fixed

import (
	"bufio"
	"net/http"
)

func Lines(url string) ([]string, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return nil, err
	}
	var lines []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// Case: the canonical LK106 shape. The file from os.Open is read through a
// local bufio.Scanner and never closed; the next statement is
// `if err != nil { return ... }`, so the fix inserts `defer f.Close()`
// right after the if statement.
package open_fixed

import (
	"bufio"
	"os"
)

func FirstLine(path string) (string, error) {
	f, err := os.Open(path) // want LK106
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(f)
	sc.Scan()
	return sc.Text(), sc.Err()
}

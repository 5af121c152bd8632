// Case: a body without return: it moves into `func() { ... }()`, and the
// `continue` after a failed open becomes `return` from the literal. The
// file is declared in the body and only read there, so the fix is safe.
package range_no_return_fixed

import (
	"bufio"
	"os"
)

func CountLines(paths []string) int {
	n := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want LK107
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			n++
		}
	}
	return n
}

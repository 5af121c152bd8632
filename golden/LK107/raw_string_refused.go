// Case: a return after the defer rules out the short fix, and the body
// holds a multi-line raw string; re-indenting the body would change the
// string, so this is report-only.
package raw_string_refused

import (
	"fmt"
	"os"
)

func Report(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want LK107
		fmt.Printf(`file: %s
name: %s
`, p, f.Name())
		if f.Name() == "" {
			return
		}
	}
}

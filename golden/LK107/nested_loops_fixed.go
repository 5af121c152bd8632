// Case: defers in an outer and in an inner loop: each loop gets a finding,
// the inner body is moved first and the outer one on the engine's next
// round (the two edits overlap).
package nested_loops_fixed

import (
	"io"
	"os"
)

func Walk(groups [][]string) {
	for _, g := range groups {
		idx, err := os.Open(g[0])
		if err != nil {
			continue
		}
		defer idx.Close() // want LK107
		for _, p := range g[1:] {
			f, err := os.Open(p)
			if err != nil {
				continue
			}
			defer f.Close() // want LK107
			_, _ = io.Copy(io.Discard, f)
		}
	}
}

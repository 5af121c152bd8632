// Case: a labeled continue aims at the outer loop from the inner body:
// report-only for the inner loop.
package labeled_continue_refused

import "os"

func Find(groups [][]string) int {
	found := 0
outer:
	for _, g := range groups {
		for _, p := range g {
			f, err := os.Open(p)
			if err != nil {
				continue outer
			}
			defer f.Close() // want LK107
			found++
		}
	}
	return found
}

// Case: a labeled continue after the defer aims at the outer loop from the
// inner body: report-only for the inner loop.
package labeled_continue_refused

import "os"

func Find(groups [][]string) int {
	found := 0
outer:
	for _, g := range groups {
		for _, p := range g {
			f, err := os.Open(p)
			if err != nil {
				continue
			}
			defer f.Close() // want LK107
			if st, err := f.Stat(); err == nil && st.Size() == 0 {
				continue outer
			}
			found++
		}
	}
	return found
}

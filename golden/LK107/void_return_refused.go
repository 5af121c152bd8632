// Case: a bare return after the defer, in a function without results: a
// plain call at the end would be skipped by it, and the rule does not carry
// it out of a literal (report-only); a returned value is also not carried
// when it is not a literal, as in Open2.
package void_return_refused

import "os"

func Touch(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want LK107
		if _, err := f.Stat(); err != nil {
			return
		}
	}
}

func Open2(paths []string) (int, error) {
	count := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want LK107
		if _, err := f.Stat(); err != nil {
			return count, err
		}
		count++
	}
	return count, nil
}

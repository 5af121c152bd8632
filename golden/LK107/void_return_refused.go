// Case: a bare return in a function without results. The rule does not
// carry it (report-only); a returned value is also not carried when it is
// not a literal, as in Open2.
package void_return_refused

import "os"

func Touch(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return
		}
		defer f.Close() // want LK107
	}
}

func Open2(paths []string) (int, error) {
	count := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return count, err
		}
		defer f.Close() // want LK107
		count++
	}
	return count, nil
}

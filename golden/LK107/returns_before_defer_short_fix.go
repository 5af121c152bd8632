// Case (the short fix): the returns come before the defer, so neither a bare
// return nor a non-literal returned value stands in the way: the Close
// becomes a plain call at the end of the iteration.
package returns_before_defer_short_fix

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

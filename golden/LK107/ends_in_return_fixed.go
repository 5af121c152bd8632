// Case: the body's last statement is an if/else that returns on both
// branches, so no `return nil` is added after it (it would be unreachable).
package ends_in_return_fixed

import (
	"fmt"
	"os"
)

func FirstExisting(paths []string) (string, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return "", err
		}
		defer f.Close() // want LK107
		if st, err := f.Stat(); err != nil {
			return "", err
		} else {
			return "", fmt.Errorf("%s has %d bytes", p, st.Size())
		}
	}
	return "", nil
}

// Case: the body returns nil (success) from the function; nil from the
// literal would mean "go on", so the return cannot be carried. Report-only.
package return_nil_refused

import "os"

func AnyNonEmpty(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want LK107
		if st, err := f.Stat(); err == nil && st.Size() > 0 {
			return nil
		}
	}
	return os.ErrNotExist
}

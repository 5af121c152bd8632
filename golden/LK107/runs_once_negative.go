// Negative: each defer is followed, in its own block, by a break out of the
// loop or a return, so it runs at most once per call: nothing piles up. No
// finding.
package runs_once_negative

import (
	"os"
	"path"
)

func OpenUp(dir string) (*os.File, string) {
	var f *os.File
	for {
		var err error
		f, err = os.Open(path.Join(dir, ".access"))
		if err == nil {
			defer f.Close()
			break
		}
		if dir == "." {
			return nil, ""
		}
		dir = path.Dir(dir)
	}
	st, _ := f.Stat()
	return nil, st.Name()
}

func First(paths []string) int64 {
	for _, p := range paths {
		f, err := os.Open(p)
		if err == nil {
			defer f.Close()
			st, _ := f.Stat()
			return st.Size()
		}
	}
	return 0
}

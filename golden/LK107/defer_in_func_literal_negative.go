// Negative: the defer is already inside a function literal called once
// per iteration, or outside any loop. No finding.
package defer_in_func_literal_negative

import (
	"io"
	"os"
)

func Sizes(paths []string) []int64 {
	var out []int64
	for _, p := range paths {
		func() {
			f, err := os.Open(p)
			if err != nil {
				return
			}
			defer f.Close()
			n, _ := io.Copy(io.Discard, f)
			out = append(out, n)
		}()
	}
	return out
}

func One(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	for i := 0; i < 3; i++ {
		_, _ = f.Seek(0, io.SeekStart)
	}
	return nil
}

// golden-args: --preview
// Case: case_table_quiet.go with --preview: both loops are reported and
// fixed (a function literal per iteration; a plain Close at the end).
package case_table_preview

import "os"

func CheckAll() error {
	cases := []struct{ path string }{
		{"a.txt"},
		{"b.txt"},
	}
	for _, tc := range cases {
		f, err := os.Open(tc.path)
		if err != nil {
			return err
		}
		defer f.Close() // want LK107
		if _, err := f.Stat(); err != nil {
			return err
		}
	}
	for _, path := range []string{"c.txt", "d.txt"} {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close() // want LK107
	}
	return nil
}

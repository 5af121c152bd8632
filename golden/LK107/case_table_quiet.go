// Case: a test program's loop over a table of cases written in the code
// (minio-go's functional tests): a fixed number of readers is held until the
// function returns. Preview shape (case-table): quiet by default
// (case_table_preview.go has it with --preview).
package case_table_quiet

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
		defer f.Close()
		if _, err := f.Stat(); err != nil {
			return err
		}
	}
	for _, path := range []string{"c.txt", "d.txt"} {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
	}
	return nil
}

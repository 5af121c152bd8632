// Case: the ranged table is a composite literal that grows afterwards
// (append): not a fixed number of iterations. Reported and fixed.
package case_table_appended

import "os"

func OpenAll(extra []string) error {
	paths := []string{"a.txt"}
	paths = append(paths, extra...)
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close() // want LK107
		if _, err := f.Stat(); err != nil {
			return err
		}
	}
	return nil
}

// Case: os.Create inside an if block: there `f, err :=` declares a new err
// that shadows the named result, so a deferred closure assigning err would
// not reach the caller. Report-only, even with --unsafe-fixes.
// golden-args: --unsafe-fixes
package create_in_nested_block_refused

import "os"

func Dump(path string, data []byte, really bool) (err error) {
	if really {
		f, err := os.Create(path) // want LK106
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	return nil
}

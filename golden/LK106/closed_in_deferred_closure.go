// Negative: a writable file closed in a deferred closure that keeps the
// error. No finding.
package closed_in_deferred_closure

import "os"

func Write(path string, data []byte) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = f.Write(data)
	return err
}

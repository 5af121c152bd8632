// Negative: a method value (f.Read) holds the file and is returned. No
// finding.
package method_value_escapes

import "os"

func Reader(path string) (func([]byte) (int, error), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f.Read, nil
}

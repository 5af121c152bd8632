// Case: a temporary file from os.CreateTemp is written and never closed,
// in a function without a named error result: report-only.
package create_temp_report

import "os"

func Spill(data []byte) (string, error) {
	f, err := os.CreateTemp("", "spill-*") // want LK106
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	return f.Name(), nil
}

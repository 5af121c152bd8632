// Negative: the file is stored in a struct field and in a slice. No finding.
package escape_stored

import "os"

type Logger struct {
	out   *os.File
	files []*os.File
}

func (l *Logger) Open(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	l.out = f
	return nil
}

func (l *Logger) Add(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	l.files = append(l.files, f)
	return nil
}

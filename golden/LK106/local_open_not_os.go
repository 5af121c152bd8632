// Negative: Open and Create here are methods of a local type, not package
// os. No finding.
package local_open_not_os

import "os"

type store struct{}

func (store) Open(name string) (*os.File, error)   { return nil, nil }
func (store) Create(name string) (*os.File, error) { return nil, nil }

var os2 store

func Use() error {
	f, err := os2.Open("x")
	if err != nil {
		return err
	}
	_ = f.Name()
	return nil
}

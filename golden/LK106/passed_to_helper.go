// Negative: the file is handed to an unknown function (which may keep or
// close it), and in another function wrapped in a scanner that is returned.
// No finding.
package passed_to_helper

import (
	"bufio"
	"os"
)

func consume(f *os.File) { _ = f }

func Use(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	consume(f)
	return nil
}

func Lines(path string) (*bufio.Scanner, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(f)
	return sc, nil
}

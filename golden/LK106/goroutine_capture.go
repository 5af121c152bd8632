// Negative: the file is used by a goroutine, which may outlive the
// function; and in another function its descriptor (Fd) is returned. No
// finding.
package goroutine_capture

import (
	"io"
	"os"
)

func Drain(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	go func() {
		_, _ = io.Copy(io.Discard, f)
	}()
	return nil
}

func Descriptor(path string) (uintptr, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	return f.Fd(), nil
}

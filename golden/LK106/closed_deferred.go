// Negative: the file is closed with defer. No finding.
package closed_deferred

import (
	"io"
	"os"
)

func Read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Negative: the file is closed explicitly (on the success path only). The
// rule does not follow paths: any Close counts, no finding.
package closed_on_one_path

import (
	"io"
	"os"
)

func Read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return b, f.Close()
}

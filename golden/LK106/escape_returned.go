// Negative: the file is returned to the caller, who owns it. No finding.
package escape_returned

import "os"

func OpenConfig(dir string) (*os.File, error) {
	f, err := os.Open(dir + "/config.json")
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Case: each file is appended to a slice used after the loop: closing it
// at the end of the iteration would break the caller, so the fix is unsafe
// and, without --unsafe-fixes, the file stays byte-identical.
package unsafe_file_kept

import "os"

func OpenAll(paths []string) []*os.File {
	var files []*os.File
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want LK107
		files = append(files, f)
	}
	return files
}

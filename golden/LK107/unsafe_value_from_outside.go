// Case: the deferred Close is on files that come from outside the loop (a
// range variable, an element of a slice): they may still be needed after
// the loop, so the fix is unsafe and, without --unsafe-fixes, nothing
// changes.
package unsafe_value_from_outside

import "os"

func CloseAll(files []*os.File) {
	for _, f := range files {
		defer f.Close() // want LK107
	}
}

func CloseEach(files []*os.File) {
	for i := range files {
		f := files[i]
		defer f.Close() // want LK107
	}
}

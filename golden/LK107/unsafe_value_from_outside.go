// Negative: the deferred Close is on files that come from outside the loop
// (a range variable, an element of a slice): closing them all when the
// function returns is the intent, so nothing is reported.
package unsafe_value_from_outside

import "os"

func CloseAll(files []*os.File) {
	for _, f := range files {
		defer f.Close()
	}
}

func CloseEach(files []*os.File) {
	for i := range files {
		f := files[i]
		defer f.Close()
	}
}

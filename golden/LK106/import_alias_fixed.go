// Case: "os" imported under another name; the opener is still recognised
// and the error check ends in panic. The fix adds `defer in.Close()`.
package import_alias_fixed

import (
	"encoding/json"
	stdos "os"
)

func MustLoad(path string, v any) {
	in, err := stdos.Open(path) // want LK106
	if err != nil {
		panic(err)
	}
	if err := json.NewDecoder(in).Decode(v); err != nil {
		panic(err)
	}
}

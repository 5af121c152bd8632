// golden-args: --preview --unsafe-fixes
package assign_existing_and_len

import "strings"

var upper = map[string]string{} // want LK301

func Upper(s string) string {
	var v string
	var ok bool
	v, ok = upper[s]
	if !ok {
		v = strings.ToUpper(s)
		upper[s] = v
	}
	return v
}

func Size() int {
	return len(upper)
}

// golden-args: --preview
// Without --unsafe-fixes the map is reported and left alone.
package unsafe_not_applied_by_default

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

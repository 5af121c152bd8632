// golden-args: --preview --unsafe-fixes
package exported_map

var Lengths = make(map[string]int) // want LK301

func Len(s string) int {
	if n, ok := Lengths[s]; ok {
		return n
	}
	Lengths[s] = len(s)
	return len(s)
}

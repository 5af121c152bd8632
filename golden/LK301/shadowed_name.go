// golden-args: --preview --unsafe-fixes
package shadowed_name

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

func Local() int {
	lengths := map[string]int{"a": 1}
	return lengths["a"]
}

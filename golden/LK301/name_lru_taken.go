// golden-args: --preview --unsafe-fixes
package name_lru_taken

var lru = []string{}

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	lru = append(lru, s)
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

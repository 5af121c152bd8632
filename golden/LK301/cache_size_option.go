// golden-args: --preview --unsafe-fixes --cache-size 512
package cache_size_option

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

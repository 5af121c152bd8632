// --cache-ttl uses otter/v2, which needs go 1.24: reported, not fixed.
// golden-args: --preview --unsafe-fixes --cache-ttl 5m
package cache_ttl_needs_go_1_24

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

// otter.Cache has only an approximate size: len(m) keeps the map as it is.
// golden-args: --preview --unsafe-fixes --cache-ttl 1h
package len_not_expressible_ttl

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

func Size() int {
	return len(lengths)
}

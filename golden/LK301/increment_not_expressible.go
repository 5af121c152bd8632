// golden-args: --preview --unsafe-fixes
package increment_not_expressible

var seen = make(map[string]int) // want LK301

func Seen(k string) int {
	if n, ok := seen[k]; ok {
		seen[k]++
		return n + 1
	}
	seen[k] = 1
	return 1
}

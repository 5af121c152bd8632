// go 1.17 has no generics: reported without a fix.
// golden-args: --preview --unsafe-fixes
package no_generics

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

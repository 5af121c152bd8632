// The map is replaced when it grows: a reset bounds it.
// golden-args: --preview --unsafe-fixes
package reset_when_full

var memo = map[string]bool{}

func Check(s string) bool {
	if v, ok := memo[s]; ok {
		return v
	}
	v := len(s)%2 == 0
	memo[s] = v
	if len(memo) > 100 {
		memo = map[string]bool{}
	}
	return v
}

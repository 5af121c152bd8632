// A len(m) guard bounds the map.
// golden-args: --preview --unsafe-fixes
package bounded_by_len_guard

var memo = make(map[int]int)

func Fib(n int) int {
	if n < 2 {
		return n
	}
	if v, ok := memo[n]; ok {
		return v
	}
	v := Fib(n-1) + Fib(n-2)
	if len(memo) < 1000 {
		memo[n] = v
	}
	return v
}

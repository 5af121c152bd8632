// The loop body declares its own v: inserting `v, _ := m.Peek(k)` there would
// not compile, so no fix.
// golden-args: --preview --unsafe-fixes
package range_body_redeclares_value

var squares = make(map[int]int) // want LK301

func Square(n int) int {
	if v, ok := squares[n]; ok {
		return v
	}
	squares[n] = n * n
	return n * n
}

func Doubled() int {
	total := 0
	for k, v := range squares {
		v := v * 2
		total += k + v
	}
	return total
}

// golden-args: --preview --unsafe-fixes
package range_forms

import "fmt"

var squares = make(map[int]int) // want LK301

func Square(n int) int {
	if v, ok := squares[n]; ok {
		return v
	}
	squares[n] = n * n
	return n * n
}

func Dump() {
	for k, v := range squares {
		fmt.Println(k, v)
	}
	for k := range squares {
		fmt.Println(k)
	}
	for _, v := range squares {
		fmt.Println(v)
	}
	n := 0
	for range squares {
		n++
	}
	fmt.Println(n)
}

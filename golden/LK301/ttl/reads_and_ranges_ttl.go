// golden-args: --preview --unsafe-fixes --cache-ttl 90s --cache-size 256
package reads_and_ranges_ttl

import "fmt"

var squares = make(map[int]int) // want LK301

func Square(n int) int {
	v := squares[n]
	if v == 0 {
		v = n * n
		squares[n] = v
	}
	return v
}

func Dump() {
	for k, v := range squares {
		fmt.Println(k, v)
	}
	for k := range squares {
		fmt.Println(k)
	}
}

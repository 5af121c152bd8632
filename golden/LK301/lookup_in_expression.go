// golden-args: --preview --unsafe-fixes
package lookup_in_expression

import "strconv"

var parsed = make(map[string]int) // want LK301

func Parse(s string) int {
	if _, ok := parsed[s]; !ok {
		n, _ := strconv.Atoi(s)
		parsed[s] = n
	}
	return parsed[s]
}

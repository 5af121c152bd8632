// golden-args: --preview --unsafe-fixes
package passed_to_function

import "fmt"

var names = make(map[int]string) // want LK301

func Name(id int) string {
	if s, ok := names[id]; ok {
		return s
	}
	s := fmt.Sprint("user", id)
	names[id] = s
	return s
}

func Debug() {
	fmt.Println(names)
}

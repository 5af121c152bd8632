package two_files

import "fmt"

func User(id int) *user {
	u, ok := users[id]
	if !ok {
		u = &user{name: fmt.Sprint(id)}
		users[id] = u
	}
	return u
}

func Count() int {
	return len(users)
}

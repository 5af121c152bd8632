// golden-args: --preview --unsafe-fixes
package two_files

type user struct{ name string }

var users = make(map[int]*user) // want LK301

// The capture is fixable: the cleanup only needs f.fd.
// golden-args: --unsafe-fixes
package captures_object_field

import "runtime"

type File struct {
	fd   int
	name string
}

func closeFD(fd int) {}

func Open(name string) *File {
	f := &File{fd: 3, name: name}
	runtime.SetFinalizer(f, func(*File) { closeFD(f.fd) }) // want LK303
	return f
}

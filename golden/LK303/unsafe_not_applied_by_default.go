package unsafe_not_applied_by_default

import "runtime"

type File struct{ fd int }

func closeFD(fd int) {}

func Open() *File {
	f := &File{fd: 3}
	runtime.SetFinalizer(f, func(f *File) { closeFD(f.fd) }) // want LK303
	return f
}

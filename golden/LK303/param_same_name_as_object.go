// golden-args: --unsafe-fixes
package param_same_name_as_object

import "runtime"

type File struct{ fd int }

func closeFD(fd int) {}

func Open() *File {
	f := &File{fd: 3}
	runtime.SetFinalizer(f, func(f *File) { // want LK303
		if f.fd >= 0 {
			closeFD(f.fd)
		}
	})
	return f
}

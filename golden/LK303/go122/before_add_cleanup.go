// go 1.22: runtime.AddCleanup does not exist; reported without a fix.
// golden-args: --unsafe-fixes
package before_add_cleanup

import "runtime"

type File struct{ fd int }

func closeFD(fd int) {}

func Open() *File {
	f := &File{fd: 3}
	runtime.SetFinalizer(f, func(*File) { closeFD(f.fd) }) // want LK303
	return f
}

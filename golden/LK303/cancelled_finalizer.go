// The package cancels finalizers with SetFinalizer(x, nil): a cleanup would
// need Cleanup.Stop instead, so there is no fix.
// golden-args: --unsafe-fixes
package cancelled_finalizer

import "runtime"

type File struct{ fd int }

func closeFD(fd int) {}

func Open() *File {
	f := &File{fd: 3}
	runtime.SetFinalizer(f, func(f *File) { closeFD(f.fd) }) // want LK303
	return f
}

func (f *File) Close() {
	closeFD(f.fd)
	runtime.SetFinalizer(f, nil)
}

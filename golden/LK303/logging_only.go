// A finalizer that does not touch its object is fine.
// golden-args: --unsafe-fixes
package logging_only

import (
	"log"
	"runtime"
)

type T struct{ buf []byte }

func New() *T {
	t := &T{buf: make([]byte, 64)}
	runtime.SetFinalizer(t, func(*T) { log.Println("collected") })
	return t
}

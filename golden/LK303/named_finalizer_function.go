// A named function or method expression is not inspected (a known gap).
// golden-args: --unsafe-fixes
package named_finalizer_function

import "runtime"

type T struct{ fd int }

func (t *T) close() { t.fd = -1 }

func New() *T {
	t := &T{fd: 3}
	runtime.SetFinalizer(t, (*T).close)
	return t
}

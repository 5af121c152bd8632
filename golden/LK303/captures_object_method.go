// The finalizer closure captures r: r stays reachable from its own finalizer
// and is never collected.
// golden-args: --unsafe-fixes
package captures_object_method

import "runtime"

type Resource struct{ handle int }

func (r *Resource) release() { r.handle = -1 }

func Open() *Resource {
	r := &Resource{handle: 3}
	runtime.SetFinalizer(r, func(_ *Resource) { // want LK303
		r.release()
	})
	return r
}

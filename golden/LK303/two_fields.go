// golden-args: --unsafe-fixes
package two_fields

import "runtime"

type pair struct{ a, b int }

func free(a, b int) {}

func New() *pair {
	p := &pair{1, 2}
	runtime.SetFinalizer(p, func(p *pair) { free(p.a, p.b) }) // want LK303
	return p
}

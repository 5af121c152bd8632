// Negative: a local type with a WithCancel method is not the context
// package.
package not_context_package

type pool struct{}

func (pool) WithCancel(n int) (int, func()) { return n, func() {} }

func Use(p pool) int {
	n, _ := p.WithCancel(3)
	return n
}

// The package variable is set back to nil when done: not reported.
package reset_after_use

type handler struct{ state []byte }

func (h *handler) inject() {}

var hook func()

func Run() {
	h := &handler{state: make([]byte, 64)}
	defer func() { hook = nil }()
	hook = h.inject
	hook()
}

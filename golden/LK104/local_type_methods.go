package local_type_methods

import (
	"io"
	"sync"
)

// state only touches its own fields: the fix is safe.
type state struct {
	buf []byte
	n   int
}

func (s *state) reset()            { s.buf = s.buf[:0]; s.n = 0 }
func (s *state) add(b byte)        { s.buf = append(s.buf, b); s.n++ }
func (s *state) flush(w io.Writer) { w.Write(s.buf); s.reset() }

var statePool = sync.Pool{New: func() any { return new(state) }}

func emit(w io.Writer, data []byte) int {
	st := statePool.Get().(*state) // want LK104
	st.reset()
	for _, b := range data {
		st.add(b)
	}
	st.flush(w)
	return st.n
}

// worker starts a goroutine that keeps the receiver: a deferred Put would
// hand a running worker to the next Get, so report without a fix.
type worker struct {
	jobs chan int
}

func (w *worker) start() { go w.loop() }
func (w *worker) loop() {
	for range w.jobs {
	}
}

// register stores the receiver in a global: report without a fix.
type node struct{ next *node }

var registry []*node

func (n *node) register() { registry = append(registry, n) }

var workers = sync.Pool{New: func() any { return &worker{jobs: make(chan int)} }}
var nodes = sync.Pool{New: func() any { return new(node) }}

func run() {
	w := workers.Get().(*worker) // want LK104
	w.start()
}

func link() {
	n := nodes.Get().(*node) // want LK104
	n.register()
}

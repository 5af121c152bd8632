package not_a_pool

import (
	"bytes"
	"sync"
)

// cache has Get and Put too, but it is not a sync.Pool.
type cache struct {
	mu sync.Mutex
	m  map[string]*bytes.Buffer
}

func (c *cache) Get() any  { return new(bytes.Buffer) }
func (c *cache) Put(v any) {}

var bufPool cache

func use(s string) int {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	return buf.Len()
}

func local(s string) int {
	var pool sync.Map
	v, _ := pool.Load(s)
	b, _ := v.(*bytes.Buffer)
	return b.Len()
}

// two structs with a field named pool; one is not a sync.Pool: ambiguous
type real struct{ pool sync.Pool }

type other struct{ pool *cache }

func (o *other) use(s string) int {
	buf := o.pool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	return buf.Len()
}

func (r *real) size() int { return 0 }

var pool sync.Pool

func pair() (int, *cache) { return 0, &cache{} }

// the local pool (second on the left) shadows the package-level sync.Pool
func shadowed(s string) int {
	n, pool := pair()
	buf := pool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	return n + buf.Len()
}

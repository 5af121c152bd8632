// Binding a method into a field where the object is built picks a strategy
// for its whole life: not reported.
package constructor_strategy

type Conn struct {
	buf         []byte
	handshakeFn func() error
}

func (c *Conn) clientHandshake() error { return nil }

func Client() *Conn {
	c := &Conn{buf: make([]byte, 512)}
	c.handshakeFn = c.clientHandshake
	return c
}

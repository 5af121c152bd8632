// The finalizer needs the object itself (a method call): reported, no fix.
// golden-args: --unsafe-fixes
package method_call_on_param

import "runtime"

type conn struct{ open bool }

func (c *conn) Close() error { c.open = false; return nil }

func Dial() *conn {
	c := &conn{open: true}
	runtime.SetFinalizer(c, func(c *conn) { c.Close() }) // want LK303
	return c
}

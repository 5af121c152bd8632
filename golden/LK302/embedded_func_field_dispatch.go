// go-redis's shape: an embedded func type gives Client its command methods;
// init binds it to c.process, a dispatch that stays with the object.
// golden-args: --preview
package embedded_func_field_dispatch

type cmdable func(cmd string) error

func (c cmdable) Get(key string) error { return c("get " + key) }

type Client struct {
	cmdable
	addr string
	hook func(cmd string) error
}

func NewClient(addr string) *Client {
	c := &Client{addr: addr}
	c.init()
	return c
}

func (c *Client) init() {
	c.cmdable = c.process
}

// A named field is still reported.
func (c *Client) setHook() {
	c.hook = c.process // want LK302
}

func (c *Client) process(cmd string) error {
	_ = c.addr + cmd
	return nil
}

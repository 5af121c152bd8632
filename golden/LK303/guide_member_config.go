// The leak guide's finalizer example: the finalizer reads a member.
// golden-args: --unsafe-fixes
package guide_member_config

import (
	"fmt"
	"runtime"
)

type Config struct{ Name string }

type MyObj struct {
	config *Config
	data   []byte
}

func New(c *Config) *MyObj {
	obj := &MyObj{config: c, data: make([]byte, 1<<20)}
	runtime.SetFinalizer(obj, func(o *MyObj) { // want LK303
		fmt.Println(*o.config)
	})
	return obj
}

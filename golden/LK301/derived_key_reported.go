// golden-args: --preview
// The default shape with a key derived from the exported function's
// parameters (host and port joined): reported, the fix stays unsafe.
package derived_key_reported

import (
	"net"
	"net/http"
	"strconv"
)

var clients = make(map[string]*http.Client) // want LK301

func Client(host string, port int) *http.Client {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	if c, ok := clients[addr]; ok {
		return c
	}
	c := &http.Client{}
	clients[addr] = c
	return c
}

// The first example of the leak guide: a global map of HTTP clients, one per
// host, never evicted.
// golden-args: --preview --unsafe-fixes
package guide_get_client

import (
	"net/http"
	"time"
)

var cache = make(map[string]*http.Client) // want LK301

func GetClient(host string) *http.Client {
	if client, ok := cache[host]; ok {
		return client
	}
	// a new client for every new host, never released
	client := &http.Client{Timeout: time.Second * 10}
	cache[host] = client
	return client
}

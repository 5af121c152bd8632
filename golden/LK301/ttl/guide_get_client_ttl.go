// The leak guide's first example with --cache-ttl: an otter.Cache whose
// entries expire 10 minutes after each write.
// golden-args: --preview --unsafe-fixes --cache-ttl 10m
package guide_get_client_ttl

import (
	"net/http"
	"time"
)

var cache = make(map[string]*http.Client) // want LK301

func GetClient(host string) *http.Client {
	if client, ok := cache[host]; ok {
		return client
	}
	client := &http.Client{Timeout: time.Second * 10}
	cache[host] = client
	return client
}

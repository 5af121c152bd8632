// The leak guide's cache shape, checked with the default settings: LK301 is
// preview as a whole (reviewed precision under 90%), so nothing is reported
// without --preview (see guide_get_client.go for the preview finding and fix).
package default_not_reported

import (
	"net/http"
	"time"
)

var cache = make(map[string]*http.Client)

func GetClient(host string) *http.Client {
	if client, ok := cache[host]; ok {
		return client
	}
	client := &http.Client{Timeout: time.Second * 10}
	cache[host] = client
	return client
}

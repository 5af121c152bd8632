// golden-args: --preview --unsafe-fixes
package sync_map_cache

import (
	"strings"
	"sync"
)

var lower sync.Map // want LK301

func Lower(s string) string {
	if v, ok := lower.Load(s); ok {
		return v.(string)
	}
	v, _ := lower.LoadOrStore(s, strings.ToLower(s))
	return v.(string)
}

// The file already imports golang-lru/v2 under another name: the fix uses it.
// golden-args: --preview --unsafe-fixes
package lru_already_imported

import golru "github.com/hashicorp/golang-lru/v2"

var recent, _ = golru.New[string, int](10)

var lengths = make(map[string]int) // want LK301

func Len(s string) int {
	recent.Add(s, len(s))
	if n, ok := lengths[s]; ok {
		return n
	}
	lengths[s] = len(s)
	return len(s)
}

// A table filled at init and only read afterwards is not a cache.
// golden-args: --preview --unsafe-fixes
package lookup_table_only_read

var codes = make(map[string]int)

func init() {
	codes["ok"] = 200
	codes["not found"] = 404
}

func Code(s string) (int, bool) {
	c, ok := codes[s]
	return c, ok
}

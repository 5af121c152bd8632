// A registry: written by Register, read only by Lookup. Evicting would lose
// entries nobody recomputes, so it is not reported.
// golden-args: --preview --unsafe-fixes
package registry_not_cache

type Driver interface{ Open(string) error }

var drivers = make(map[string]Driver)

func Register(name string, d Driver) {
	drivers[name] = d
}

func Lookup(name string) (Driver, bool) {
	d, ok := drivers[name]
	return d, ok
}

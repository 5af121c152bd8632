// A method value stored outside its receiver, in a package-level registry,
// is still reported by default: the registry lives as long as the program.
package registry_kept_by_default

var handlers = map[string]func(){}

type Plugin struct {
	name  string
	state []byte
}

func (p *Plugin) Register() {
	handlers[p.name] = p.handle // want LK302
}

func (p *Plugin) handle() {}

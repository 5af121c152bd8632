package map_registry

type Plugin struct {
	name  string
	state [1 << 16]byte
}

func (p *Plugin) run() {}

var hooks = map[string]func(){}

func Register(p *Plugin) {
	hooks[p.name] = p.run // want LK302
}

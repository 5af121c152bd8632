// The local handler shadows the package variable.
package shadowed_package_var

type Server struct{ data []byte }

func (s *Server) serve() {}

var handler func()

func (s *Server) Try() {
	var handler func()
	handler = s.serve
	handler()
}

func Handler() func() { return handler }

package package_variable

type Server struct {
	cache map[string][]byte
	name  string
}

func (s *Server) serve() {}

var handler func()

func (s *Server) Install() {
	handler = s.serve // want LK302
}

func Run() {
	if handler != nil {
		handler()
	}
}

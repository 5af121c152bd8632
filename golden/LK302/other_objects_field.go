// Stored in another object's field: not reported (a known gap; the dispatcher
// usually lives no longer than the server).
package other_objects_field

type Server struct{ data []byte }

func (s *Server) handle() {}

type Dispatcher struct{ cb func() }

func (s *Server) Attach(d *Dispatcher) {
	d.cb = s.handle
}

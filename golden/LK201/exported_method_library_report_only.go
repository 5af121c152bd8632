package exported_method_library_report_only

// Serve is an exported method of a library package: callers outside the
// module cannot be updated. Reported, no fix.
type Server struct{ out chan string }

func (s *Server) Serve(name string) {
	go func() { // want LK201
		for {
			s.out <- name
		}
	}()
}

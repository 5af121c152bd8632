// Negative: the cancel function is stored in a struct field; Close calls it.
package cancel_stored_in_struct

import "context"

type Server struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (s *Server) Start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	s.ctx = ctx
	s.cancel = cancel
}

func (s *Server) Close() { s.cancel() }

package field_pool

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
)

type Server struct {
	bufs sync.Pool
	ptrs *sync.Pool
}

func NewServer() *Server {
	s := &Server{ptrs: &sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	s.bufs.New = func() any { return new(bytes.Buffer) }
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	buf := s.bufs.Get().(*bytes.Buffer) // want LK104
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(map[string]string{"path": r.URL.Path}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

func (s *Server) Size(v any) int {
	var buf = s.ptrs.Get().(*bytes.Buffer) // want LK104
	buf.Reset()
	json.NewEncoder(buf).Encode(v)
	return buf.Len()
}

package literal_uses_request_context

import "net/http"

// The go statement sits in a handler literal without a context variable in
// scope; the request's context (cancelled when the request ends) is: the
// goroutine stops with r.Context().
func register(mux *http.ServeMux, events chan<- string) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		go func() { // want LK201
			for {
				events <- r.URL.Path
			}
		}()
	})
}

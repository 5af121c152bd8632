package literal_without_context_report_only

import "net/http"

// The go statement sits in a handler literal without a context variable in
// scope: no parameter can be added to a literal, so the finding has no fix.
func register(mux *http.ServeMux, events chan<- string) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		go func() { // want LK201
			for {
				events <- r.URL.Path
			}
		}()
	})
}

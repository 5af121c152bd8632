// The function is a func literal (an HTTP handler): the request context ends
// when the client goes away, and the worker goroutine is abandoned.
package handler_closure_fixed

import (
	"fmt"
	"net/http"
	"strings"
)

func render(name string) string { return strings.ToUpper(name) }

func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := make(chan string) // want LK202
		go func() {
			page <- render(r.URL.Path)
		}()
		select {
		case p := <-page:
			fmt.Fprintln(w, p)
		case <-r.Context().Done():
			return
		}
	})
}

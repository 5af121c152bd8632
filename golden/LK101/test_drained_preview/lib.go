package test_drained_preview

import "net/http"

// Hello writes the greeting.
func Hello(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("hello")) }

// Proof for LK101 (unclosed-response-body).
//
// fetch has exactly the fixable LK101 shape: the response body is never
// closed, and the statement after the call is a terminating
// `if err != nil { return ... }`. Every unclosed body pins its connection,
// so each call opens a new one and leaves the transport's read/write loop
// goroutines (and the server's connection goroutine) alive: the goroutine
// count printed at the end grows with the number of calls.
//
// After gofixleaks inserts `defer resp.Body.Close()` after the if statement,
// connections are released and the count stays small.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"time"
)

const calls = 60

func fetch(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()

	for i := 0; i < calls; i++ {
		if _, err := fetch(srv.URL); err != nil {
			panic(err)
		}
	}
	time.Sleep(200 * time.Millisecond)
	fmt.Printf("goroutines=%d\n", runtime.NumGoroutine())
}

package context_import_alias

import (
	stdctx "context"
	"fmt"
)

// context is imported as stdctx: the new parameter and the call site use
// that name, and no second import is added.
func emit(lines chan<- string) {
	go func() { // want LK201
		for {
			lines <- fmt.Sprint("line")
		}
	}()
}

func run() {
	emit(make(chan string))
}

func withContext(c stdctx.Context) {
	emit(make(chan string))
	<-c.Done()
}

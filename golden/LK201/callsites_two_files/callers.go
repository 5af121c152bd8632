package callsites_two_files

import "context"

// handle has a context (named reqCtx): it is passed on.
func handle(reqCtx context.Context, updates chan<- string) {
	startPoller(updates)
	<-reqCtx.Done()
}

package callsites_two_files

import "fmt"

// startPoller is called from another file of the package: both call sites
// are updated there.
func startPoller(updates chan<- string) {
	go func() { // want LK201
		for {
			updates <- fmt.Sprint("tick")
		}
	}()
}

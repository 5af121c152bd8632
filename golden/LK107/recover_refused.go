// Case: the loop runs in a deferred function and its body calls recover,
// which works only when called directly by the deferred function: moving
// the body into a literal would break it. Report-only.
package recover_refused

import "fmt"

func Run(steps []func()) {
	defer func() {
		for _, s := range steps {
			defer s() // want LK107
			if r := recover(); r != nil {
				fmt.Println("recovered:", r)
			}
		}
	}()
	for _, s := range steps {
		s()
	}
}

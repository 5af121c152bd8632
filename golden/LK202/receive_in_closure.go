// Negative: the receive happens in a deferred closure. Receives outside the
// function itself are not analysed, so the rule stays quiet.
package receive_in_closure

import "fmt"

func Run(name string) {
	ch := make(chan string)
	go func() { ch <- "hello " + name }()
	defer func() {
		fmt.Println(<-ch)
	}()
	if name == "" {
		return
	}
}

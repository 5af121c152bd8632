package multi_value_argument_report_only

import "strings"

// start is called with the two results of split: a context cannot be put
// in front of them, so no fix.
func start(out chan<- string, prefix string) {
	go func() { // want LK201
		for {
			out <- prefix
		}
	}()
}

func split() (chan<- string, string) {
	parts := strings.Fields("a b")
	return make(chan string), parts[0]
}

func run() {
	start(split())
}

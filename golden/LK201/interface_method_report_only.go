package interface_method_report_only

type looper interface{ loop() }

type impl struct{ ch chan int }

func (i impl) loop() {
	for {
		i.ch <- 1
	}
}

// loop implements looper: its signature cannot change, so no fix.
func (i impl) start() {
	go i.loop() // want LK201
}

var _ looper = impl{}

package main

import "time"

// A CLI command's Run (cobra's Run/RunE, urfave/cli's Action): it runs once
// per process, like main; so do the functions only it calls. Not reported.
type command struct {
	Use string
	Run func(args []string)
}

var serve = &command{
	Use: "serve",
	Run: func(args []string) {
		ticks := make(chan time.Time)
		go func() {
			for {
				ticks <- time.Now()
			}
		}()
		startReporter(ticks)
		<-ticks
	},
}

func startReporter(ticks chan time.Time) {
	go func() {
		for {
			ticks <- time.Now()
		}
	}()
}

func main() {
	serve.Run(nil)
}

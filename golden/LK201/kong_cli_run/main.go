package main

import "time"

// A kong-style command struct (syncthing's ursrv `serve`): its Run method
// runs once per process, like main. Not reported.
type CLI struct {
	DumpInterval time.Duration
}

func (cli *CLI) Run() error {
	go func() {
		for range time.Tick(cli.DumpInterval) {
			cli.save()
		}
	}()
	select {}
}

func (cli *CLI) save() {}

func main() {
	var cli CLI
	_ = cli.Run()
}

package main

import (
	"log"
	"time"
)

// startKeeper and startForge are called once, from main (startForge through
// setup): their goroutines live as long as the program, like main's own.
func main() {
	setup()
	startKeeper()
	select {}
}

func setup() {
	startForge()
}

func startKeeper() {
	go func() {
		for {
			time.Sleep(5 * time.Second)
			log.Println("keeper")
		}
	}()
}

func startForge() {
	go func() {
		for {
			time.Sleep(6 * time.Second)
			log.Println("forge")
		}
	}()
}

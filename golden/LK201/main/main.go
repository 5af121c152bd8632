package main

import (
	"log"
	"time"
)

// Goroutines started by main.main live as long as the program: left alone.
func main() {
	ticker := time.NewTicker(time.Second)
	go func() {
		for range ticker.C {
			log.Println("tick")
		}
	}()
	select {}
}

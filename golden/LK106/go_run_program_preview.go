//go:build ignore

// golden-args: --preview
// Case: go_run_program_quiet.go with --preview: the file of a `go run`
// program is reported (the error is discarded: report only).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	f, _ := os.Open("CODEOWNERS") // want LK106
	b, _ := io.ReadAll(f)
	fmt.Println(len(b))
}

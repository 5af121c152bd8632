//go:build ignore

// Case: a go:generate program (`go run gen.go`, excluded from the module's
// build) opens its input once and exits: the operating system closes the
// file. This shape is preview: quiet by default (go_run_program_preview.go
// has it with --preview).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	f, _ := os.Open("CODEOWNERS")
	b, _ := io.ReadAll(f)
	fmt.Println(len(b))
}

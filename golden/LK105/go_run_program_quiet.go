//go:build ignore

// Case: a generator run by `go generate` (`//go:build ignore`: not part of
// the module's build) queries once and exits. Preview shape: quiet by
// default (go_run_program_preview.go has it with --preview).
package main

import (
	"database/sql"
	"fmt"
)

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		panic(err)
	}
	rows, _ := db.Query("SELECT typname, oid FROM pg_type")
	for rows.Next() {
		var name string
		var oid int
		if err := rows.Scan(&name, &oid); err != nil {
			panic(err)
		}
		fmt.Println(name, oid)
	}
}

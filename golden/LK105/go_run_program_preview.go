//go:build ignore

// golden-args: --preview
// Case: go_run_program_quiet.go with --preview: reported (report only: the
// error is discarded).
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
	rows, _ := db.Query("SELECT typname, oid FROM pg_type") // want LK105
	for rows.Next() { // want LK105
		var name string
		var oid int
		if err := rows.Scan(&name, &oid); err != nil {
			panic(err)
		}
		fmt.Println(name, oid)
	}
}

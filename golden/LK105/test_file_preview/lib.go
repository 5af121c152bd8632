// golden-args: --preview
// The test_file_quiet case with --preview: the rows are reported (and the
// safe fix, defer rows.Close(), applies).
package test_file_preview

import "database/sql"

func Open(dsn string) (*sql.DB, error) { return sql.Open("postgres", dsn) }

// Negative by default: rows left open in a test, on the path where the
// test goes on after one row (pgx's shape): reported only with --preview
// (see test_file_preview).
package test_file_quiet

import "database/sql"

func Open(dsn string) (*sql.DB, error) { return sql.Open("postgres", dsn) }

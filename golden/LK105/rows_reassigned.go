package rows_reassigned

import "database/sql"

// Two queries through the same variables: each gets its own deferred Close
// (defer evaluates rows at once, so each closes its own rows).
func both(db *sql.DB) (int, error) {
	n := 0
	rows, err := db.Query("SELECT a FROM t") // want LK105
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	rows, err = db.Query("SELECT b FROM t") // want LK105
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// an if/else error check: report only
func withElse(db *sql.DB) bool {
	rows, err := db.Query("SELECT 1") // want LK105
	if err != nil {
		return false
	} else {
		println("ok")
	}
	return rows.Next()
}

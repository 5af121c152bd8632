package next_loop_without_err

import "database/sql"

func Count(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() { // want LK105
		n++
	}
	return n, nil
}

// rows.Err checked after the loop: no finding.
func CountChecked(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT id FROM t")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, nil
}

package embedded_db

import "database/sql"

// DB embeds *sql.DB: d.DB is the handle.
type DB struct {
	*sql.DB
	name string
}

func (d *DB) Tables() ([]string, error) {
	rows, err := d.DB.Query("SELECT name FROM sqlite_master WHERE type = 'table'") // want LK105
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

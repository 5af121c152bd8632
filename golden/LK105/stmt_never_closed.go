package stmt_never_closed

import (
	"context"
	"database/sql"
)

func Insert(ctx context.Context, db *sql.DB, names []string) error {
	stmt, err := db.PrepareContext(ctx, "INSERT INTO users(name) VALUES(?)") // want LK105
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := stmt.ExecContext(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

func Lookup(db *sql.DB, id int) (string, error) {
	stmt, err := db.Prepare("SELECT name FROM users WHERE id = ?") // want LK105
	if err != nil {
		return "", err
	}
	var name string
	err = stmt.QueryRow(id).Scan(&name)
	return name, err
}

// rows from a prepared statement
func All(db *sql.DB) (int, error) {
	stmt, err := db.Prepare("SELECT id FROM users")
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	rows, err := stmt.Query() // want LK105
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

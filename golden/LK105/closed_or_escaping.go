package closed_or_escaping

import "database/sql"

func deferred(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer rows.Close()
	return rows.Err()
}

func inClosure(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return rows.Err()
}

func explicit(db *sql.DB) (bool, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return false, err
	}
	ok := rows.Next()
	rows.Close()
	return ok, nil
}

// the caller closes the rows
func returned(db *sql.DB) (*sql.Rows, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func scanAll(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// a helper is given the rows: it may close them
func helper(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	return scanAll(rows)
}

// QueryRow: Scan closes the rows
func queryRow(db *sql.DB) (int, error) {
	var n int
	err := db.QueryRow("SELECT 1").Scan(&n)
	return n, err
}

type store struct{ stmt *sql.Stmt }

// stored in a struct: closed elsewhere
func (s *store) prepare(db *sql.DB) error {
	stmt, err := db.Prepare("SELECT 1")
	if err != nil {
		return err
	}
	s.stmt = stmt
	return nil
}

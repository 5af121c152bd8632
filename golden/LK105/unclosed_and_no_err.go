package unclosed_and_no_err

import "database/sql"

type User struct {
	ID   int64
	Name string
}

func Users(db *sql.DB, limit int) ([]User, error) {
	rows, err := db.Query("SELECT id, name FROM users LIMIT ?", limit) // want LK105
	if err != nil {
		return nil, err
	}
	var out []User
	for rows.Next() { // want LK105
		var u User
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

package helper_returns_db

import (
	"database/sql"
	"testing"
)

func openTestDB(t testing.TB) *sql.DB {
	db, err := sql.Open("fake", "")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func openWithErr() (*sql.DB, error) { return sql.Open("fake", "") }

func checkPeople(t *testing.T) {
	db := openTestDB(t)
	defer db.Close()
	rows, err := db.Query("SELECT name FROM people") // want LK105
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

func count() (int, error) {
	db, err := openWithErr()
	if err != nil {
		return 0, err
	}
	stmt, err := db.Prepare("SELECT count(*) FROM people") // want LK105
	if err != nil {
		return 0, err
	}
	var n int
	err = stmt.QueryRow().Scan(&n)
	return n, err
}

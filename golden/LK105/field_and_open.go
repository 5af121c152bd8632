package field_and_open

import (
	"database/sql"
	"log"
)

type Repo struct {
	db *sql.DB
}

func (r *Repo) Exists(id int) (bool, error) {
	rows, err := r.db.Query("SELECT 1 FROM t WHERE id = ?", id) // want LK105
	if err != nil {
		return false, err
	}
	return rows.Next(), rows.Err()
}

func main() {
	db, err := sql.Open("sqlite", "file.db")
	if err != nil {
		log.Fatal(err)
	}
	rows, err := db.Query("SELECT 1") // want LK105
	if err != nil {
		log.Fatalf("query: %v", err)
	}
	log.Println(rows.Next(), rows.Err())
}

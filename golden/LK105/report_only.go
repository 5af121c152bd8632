package report_only

import "database/sql"

// the rows of a DELETE run through Query are discarded: they keep the
// connection busy. Use Exec.
func purge(db *sql.DB) error {
	_, err := db.Query("DELETE FROM sessions") // want LK105
	return err
}

func noCheck(db *sql.DB) bool {
	rows, _ := db.Query("SELECT 1") // want LK105
	return rows != nil && rows.Next()
}

func checkNotTerminating(db *sql.DB) bool {
	rows, err := db.Query("SELECT 1") // want LK105
	if err != nil {
		println(err.Error())
	}
	return err == nil && rows.Next()
}

func inLoop(db *sql.DB, ids []int) (int, error) {
	n := 0
	for _, id := range ids {
		rows, err := db.Query("SELECT 1 FROM t WHERE id = ?", id) // want LK105
		if err != nil {
			return 0, err
		}
		if rows.Next() {
			n++
		}
	}
	return n, nil
}

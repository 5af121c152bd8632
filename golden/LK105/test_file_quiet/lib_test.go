package test_file_quiet

import "testing"

func TestQuery(t *testing.T) {
	db, err := Open("")
	if err != nil {
		t.Skip(err)
	}
	defer db.Close()
	rows, err := db.Query("select 1")
	if err != nil {
		t.Skip(err)
	}
	if !rows.Next() {
		t.Fatal("no row")
	}
}

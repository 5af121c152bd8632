package not_database_sql

import "database/sql"

// index has Query and Prepare methods, but is not a database/sql handle.
type index struct{}

type result struct{}

func (r *result) Next() bool { return false }

func (index) Query(q string) (*result, error)   { return &result{}, nil }
func (index) Prepare(q string) (*result, error) { return &result{}, nil }

func search(ix index) bool {
	res, err := ix.Query("go")
	if err != nil {
		return false
	}
	for res.Next() {
	}
	p, err := ix.Prepare("x")
	return err == nil && p != nil
}

// the handle comes from another function: unknown receiver, no finding
func unknown(get func() *sql.DB) bool {
	rows, err := get().Query("SELECT 1")
	if err != nil {
		return false
	}
	return rows.Next()
}

// two struct types with a field named conn: only one is a *sql.Conn, so
// c.conn is ambiguous without types (no finding).
type client struct{ conn *sql.Conn }

type fake struct{ conn index }

func (f *fake) run() bool {
	res, err := f.conn.Query("x")
	if err != nil {
		return false
	}
	return res.Next()
}

func (c *client) ping() error { return c.conn.Close() }

var db *sql.DB

func pair() (int, index) { return 0, index{} }

// the local db (second on the left) shadows the package-level *sql.DB
func shadowed() bool {
	n, db := pair()
	res, err := db.Query("x")
	if err != nil {
		return false
	}
	return n > 0 && res.Next()
}

package tx_and_conn

import (
	"context"
	"database/sql"
)

func Move(ctx context.Context, db *sql.DB, from, to int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id FROM items WHERE box = ?", from) // want LK105
	if err != nil {
		return err
	}
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// a statement prepared on a Tx is closed when the Tx ends: no finding
	stmt, err := tx.PrepareContext(ctx, "UPDATE items SET box = ? WHERE id = ?")
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, to, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func OnConn(ctx context.Context, db *sql.DB) (bool, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "SELECT 1") // want LK105
	if err != nil {
		return false, err
	}
	return rows.Next(), nil
}

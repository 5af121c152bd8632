package leaky

import (
	"context"
	"database/sql"
)

// A release store on database/sql, for rule LK105 (unclosed-rows).

// Store keeps releases in a SQL database.
type Store struct {
	db *sql.DB
}

// Versions lists every stored version.
// LK105 (fixable): the rows are never closed, so the `return` inside the loop
// keeps the connection busy for good; gofixleaks inserts `defer rows.Close()`
// after the error check. The loop also lacks a rows.Err() check (report only).
func (s *Store) Versions(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT version FROM releases ORDER BY date")
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Add inserts releases through a prepared statement.
// LK105 (fixable): the statement is never closed; gofixleaks inserts
// `defer stmt.Close()` after the error check.
func (s *Store) Add(ctx context.Context, rels []Release) error {
	stmt, err := s.db.PrepareContext(ctx, "INSERT INTO releases(version, date) VALUES(?, ?)")
	if err != nil {
		return err
	}
	for _, r := range rels {
		if _, err := stmt.ExecContext(ctx, r.Version, r.Date); err != nil {
			return err
		}
	}
	return nil
}

// Purge deletes old releases with Query instead of Exec.
// LK105 (report only): the rows are discarded, so they are never closed.
func (s *Store) Purge(ctx context.Context) error {
	_, err := s.db.QueryContext(ctx, "DELETE FROM releases WHERE date < date('now', '-1 year')")
	return err
}

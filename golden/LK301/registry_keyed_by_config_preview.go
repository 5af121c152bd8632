// The review's first false positive: a registry keyed by configuration (a
// DSN), filled and read by an unexported helper.  The keys come from the
// package's own configuration, a bounded set, and every caller must get the
// same pool back; LK301 is preview as a whole, and with --preview the
// registry is reported (no fix applied: the fix is unsafe).
// golden-args: --preview
package registry_keyed_by_config_preview

import "database/sql"

var pools = make(map[string]*sql.DB) // want LK301

type Config struct{ DSN string }

func openPool(dsn string) (*sql.DB, error) {
	if db, ok := pools[dsn]; ok {
		return db, nil
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	pools[dsn] = db
	return db, nil
}

func Start(cfg Config) error {
	_, err := openPool(cfg.DSN)
	return err
}

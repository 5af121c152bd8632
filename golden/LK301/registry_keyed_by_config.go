// The review's first false positive: a registry keyed by configuration (a
// DSN), filled and read by an unexported helper.  The keys come from the
// package's own configuration, a bounded set, and every caller must get the
// same pool back: quiet by default (reported with --preview, see
// registry_keyed_by_config_preview.go).
package registry_keyed_by_config

import "database/sql"

var pools = make(map[string]*sql.DB)

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

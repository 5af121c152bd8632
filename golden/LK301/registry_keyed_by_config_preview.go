// registry_keyed_by_config.go with --preview: the registry is reported (no
// fix applied: the fix is unsafe).
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

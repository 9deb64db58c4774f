// Package sqlite runs setsafe on an embedded SQLite database (the default):
// one file, written in WAL mode with a full sync on every commit, foreign
// keys on, and a single writer connection.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure how a database is opened.
type Options struct {
	sqldb.Config
	// ReadOnly opens an existing database without migrating it and refuses
	// writes; verification and backups use it.
	ReadOnly bool
	// BusyTimeout is how long a statement waits for a lock another process
	// holds (default 5 s).
	BusyTimeout time.Duration
	// MaxPages, when positive, caps the database's size in pages; tests use
	// it to fill the database.
	MaxPages int
	// Readers is the number of read connections (default 8).
	Readers int
}

// Open opens (creating if need be) the SQLite database at path, runs its
// migrations unless read-only, and returns it. Call Start on the result
// before appending.
func Open(ctx context.Context, path string, o Options) (*sqldb.DB, error) {
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.Readers <= 0 {
		o.Readers = 8
	}
	if err := prepareFile(path, o.ReadOnly); err != nil {
		return nil, err
	}
	common := url.Values{}
	common.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	common.Add("_pragma", "foreign_keys(1)")

	read := openPool(path, common, "query_only(1)")
	read.SetMaxOpenConns(o.Readers)
	read.SetMaxIdleConns(o.Readers)
	read.SetConnMaxIdleTime(5 * time.Minute)

	write := read
	if !o.ReadOnly {
		w := url.Values{"_txlock": {"immediate"}}
		for _, p := range common["_pragma"] {
			w.Add("_pragma", p)
		}
		w.Add("_pragma", "journal_mode(WAL)")
		w.Add("_pragma", "synchronous(FULL)")
		w.Add("_pragma", "wal_autocheckpoint(10000)")
		// A multi-row upsert keeps a statement journal of the pages it
		// changes, to undo itself alone if it fails; kept on disk, that
		// journal costs a file creation and a write per page on every batch.
		w.Add("_pragma", "temp_store(MEMORY)")
		if o.MaxPages > 0 {
			w.Add("_pragma", fmt.Sprintf("max_page_count(%d)", o.MaxPages))
		}
		write = openPool(path, w)
		write.SetMaxOpenConns(1)
		write.SetMaxIdleConns(1)
		write.SetConnMaxIdleTime(0)
		write.SetConnMaxLifetime(0)
		if err := migrate(ctx, write); err != nil {
			write.Close()
			read.Close()
			return nil, err
		}
	}
	o.Config.Schema = schema(read)
	db := sqldb.New(write, read, dialect{}, o.Config)
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

func openPool(path string, params url.Values, extraPragmas ...string) *sql.DB {
	if len(extraPragmas) > 0 {
		params = cloneValues(params)
		for _, p := range extraPragmas {
			params.Add("_pragma", p)
		}
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params.Encode()
	db, _ := sql.Open("sqlite", dsn) // sql.Open only validates the driver name
	return db
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// prepareFile makes sure a new database file is created readable by its
// owner only: it holds password and PIN hashes.
func prepareFile(path string, readOnly bool) error {
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("open database %s: %w", path, err)
	case readOnly:
		return setsafe.Errorf(setsafe.ENotFound, "There is no database at %s.", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create database directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	if f != nil {
		f.Close()
	}
	return nil
}

// schema returns what reads, on pool, the migration the schema stands at
// and the latest this build has, for the server's readiness.
func schema(pool *sql.DB) func(ctx context.Context) (current, latest int64, err error) {
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, pool, sub)
	if err != nil {
		return func(context.Context) (int64, int64, error) { return 0, 0, fmt.Errorf("prepare migrations: %w", err) }
	}
	return p.GetVersions
}

func migrate(ctx context.Context, db *sql.DB) error {
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return fmt.Errorf("prepare migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate database: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the database at src to dst, a new file,
// while the database may be in use. It uses VACUUM INTO, which reads one
// snapshot and writes a compact copy.
func Backup(ctx context.Context, src, dst string) (err error) {
	if _, err := os.Stat(src); err != nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no database at %s.", src)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The copy is as secret as the database: create it empty, readable by
	// its owner only, before SQLite fills it; and never leave half of one.
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return setsafe.Errorf(setsafe.EConflict, "%s exists already; choose a new file for the backup.", dst)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(dst)
		}
	}()
	params := url.Values{"_pragma": {"busy_timeout(10000)"}}
	db := openPool(src, params)
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("backup %s to %s: %w", src, dst, dialect{}.Classify(err))
	}
	return nil
}

type dialect struct{}

func (dialect) Name() string           { return "sqlite" }
func (dialect) Rebind(q string) string { return q }

// LockLedgers has nothing to do: the write transaction began IMMEDIATE and so
// already excludes every other writer of the database.
func (dialect) LockLedgers(context.Context, *sql.Tx, []string) error { return nil }

// OthersWroteQuery reads SQLite's data_version, which changes on a
// connection when another connection commits.
func (dialect) OthersWroteQuery() string { return "PRAGMA data_version" }

func (dialect) Snapshot(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	return db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
}

func (dialect) Classify(err error) error {
	var e *sqlite3.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code() & 0xff {
	case sqlite3lib.SQLITE_BUSY, sqlite3lib.SQLITE_LOCKED:
		return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
			Message: "The database is busy: another program holds a lock on it. Nothing was changed; try again in a moment."}
	case sqlite3lib.SQLITE_FULL:
		return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
			Message: "The database is full (the disk, or its size limit). Nothing was changed; free some space and try again."}
	case sqlite3lib.SQLITE_READONLY:
		return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
			Message: "The database is read-only here. Nothing was changed; check the file's permissions."}
	case sqlite3lib.SQLITE_CANTOPEN, sqlite3lib.SQLITE_IOERR:
		return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
			Message: "The database file cannot be read or written. Nothing was changed; check the disk and the file."}
	}
	return err
}

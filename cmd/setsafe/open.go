package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/postgres"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
)

// dbFlags are the options every command that opens a database shares.
type dbFlags struct {
	db       string
	key      string
	siteName string
}

func (d *dbFlags) register(f *flags) {
	f.StringVar(&d.db, "db", "", "the database: sqlite:PATH, or a postgres:// URL (default: sqlite:"+defaultDBPath()+")")
	f.StringVar(&d.key, "key", "", "the checkpoint signing key file, kept beside the database and never in it (default: the database file's name with .key, or "+filepath.Join(dataDir(), "signing.key")+" for PostgreSQL)")
	f.secret("db")
	d.siteName = "setsafe"
}

// registerWriter adds the options of the server, which creates the signing
// key at its first start.
func (d *dbFlags) registerWriter(f *flags) {
	d.register(f)
	f.StringVar(&d.siteName, "site-name", "setsafe", "the name given to a new signing key, which every checkpoint's origin starts with (letters, digits, dots and dashes)")
}

// check reports a --db value that is neither SQLite nor PostgreSQL.
func (d *dbFlags) check() error {
	if loc := d.location(); sqlitePath(loc) == "" && !isPostgres(loc) {
		return usagef("--db must be sqlite:PATH or a postgres:// URL, not %q", postgres.Redact(loc))
	}
	return nil
}

// location returns the database URL, with the default filled in.
func (d *dbFlags) location() string {
	if d.db == "" {
		return "sqlite:" + defaultDBPath()
	}
	return d.db
}

// sqlitePath returns the file of a sqlite: location, or "".
func sqlitePath(location string) string {
	p, ok := strings.CutPrefix(location, "sqlite:")
	if !ok {
		return ""
	}
	return strings.TrimPrefix(p, "//")
}

func isPostgres(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

func (d *dbFlags) keyPath() string {
	if d.key != "" {
		return d.key
	}
	if p := sqlitePath(d.location()); p != "" {
		return p + ".key"
	}
	return filepath.Join(dataDir(), "signing.key")
}

var siteNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$`)

// signer loads the signing key, creating it if create is set and it is
// missing. Only the server creates keys: a command run elsewhere, or by
// another user, must not sign with a new key of its own.
func (d *dbFlags) signer(create bool) (*ledger.Signer, bool, error) {
	if err := d.check(); err != nil {
		return nil, false, err
	}
	if !siteNamePattern.MatchString(d.siteName) {
		return nil, false, usagef("--site-name %q: use letters, digits, dots and dashes", d.siteName)
	}
	if create {
		return ledger.LoadOrCreateSigner(d.keyPath(), d.siteName)
	}
	s, err := ledger.LoadSigner(d.keyPath())
	return s, false, err
}

// config returns the database configuration for a signer (which may be
// nil): with the checkpoints the key signed, kept beside it.
func (d *dbFlags) config(signer *ledger.Signer, log *slog.Logger) (sqldb.Config, error) {
	cfg := sqldb.Config{Signer: signer, Logger: log}
	if signer != nil {
		kept, err := ledger.OpenCheckpointFile(ledger.CheckpointFilePath(d.keyPath()))
		if err != nil {
			return cfg, err
		}
		cfg.Kept = kept
	}
	return cfg, nil
}

type openMode int

const (
	openReadWrite openMode = iota // migrate, start the writer
	openReadOnly                  // no migration, no writes
)

// open opens the database named by the flags.
func (d *dbFlags) open(ctx context.Context, mode openMode, cfg sqldb.Config) (*sqldb.DB, error) {
	loc := d.location()
	var db *sqldb.DB
	var err error
	switch {
	case sqlitePath(loc) != "":
		db, err = sqlite.Open(ctx, sqlitePath(loc), sqlite.Options{Config: cfg, ReadOnly: mode == openReadOnly})
	case isPostgres(loc):
		db, err = postgres.Open(ctx, loc, postgres.Options{Config: cfg, ReadOnly: mode == openReadOnly})
	default:
		return nil, usagef("--db must be sqlite:PATH or a postgres:// URL, not %q", postgres.Redact(loc))
	}
	if err != nil {
		return nil, err
	}
	if mode == openReadWrite {
		if err := db.Start(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// openForWriting opens the database for a command that appends to the
// ledger, with the signing key if there is one. Without it, the changes are
// signed when the server next starts or writes.
func (d *dbFlags) openForWriting(ctx context.Context, a *app) (*sqldb.DB, error) {
	signer, _, err := d.signer(false)
	if errors.Is(err, ledger.ErrNoKey) {
		fmt.Fprintf(a.stderr, "No signing key at %s: the server signs these changes when it next starts.\n", d.keyPath())
		signer, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	return d.openWith(ctx, signer)
}

// openSigning opens the database for a command that signs with the
// server's key (a checkpoint, a statement), and returns the key too;
// without the key, it returns the error noKey makes, which says why the
// command needs it.
func (d *dbFlags) openSigning(ctx context.Context, noKey func() error) (*sqldb.DB, *ledger.Signer, error) {
	signer, _, err := d.signer(false)
	if errors.Is(err, ledger.ErrNoKey) {
		return nil, nil, noKey()
	}
	if err != nil {
		return nil, nil, err
	}
	db, err := d.openWith(ctx, signer)
	return db, signer, err
}

// openWith opens the database to write, signing with signer (which may be
// nil) and keeping its checkpoints beside its key.
func (d *dbFlags) openWith(ctx context.Context, signer *ledger.Signer) (*sqldb.DB, error) {
	cfg, err := d.config(signer, nil)
	if err != nil {
		return nil, err
	}
	return d.open(ctx, openReadWrite, cfg)
}

// dataDir is where setsafe keeps its files by default.
func dataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "setsafe")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "setsafe-data"
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "setsafe")
	}
	return filepath.Join(home, ".local", "share", "setsafe")
}

func defaultDBPath() string { return filepath.Join(dataDir(), "setsafe.db") }

// operator is the actor the ledger records for the command line: the
// operating-system user at the keyboard.
func operator() setsafe.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
	return setsafe.SystemActor("cli-" + name)
}

// logFlags choose how much is logged, and how.
type logFlags struct {
	level  string
	format string
}

func (l *logFlags) register(f *flags) {
	f.StringVar(&l.level, "log-level", "info", "debug, info, warn or error")
	f.StringVar(&l.format, "log-format", "text", "text or json")
}

func (l *logFlags) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(l.level)); err != nil {
		return nil, usagef("--log-level %q: use debug, info, warn or error", l.level)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch l.format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usagef("--log-format %q: use text or json", l.format)
}

var errProblemsFound = errors.New("problems found")

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

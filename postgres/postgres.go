// Package postgres runs setsafe on PostgreSQL, for studios that outgrow one
// machine. Several setsafe servers may share one database: writers to the same
// ledger take turns under an advisory lock per ledger, so sequence numbers
// never fork or skip.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure how a database is opened.
type Options struct {
	sqldb.Config
	// ReadOnly skips migrations; verification uses it.
	ReadOnly bool
	// MaxConns bounds the connection pool (default 16).
	MaxConns int
}

// Open connects to the PostgreSQL database at url (postgres://...), runs
// its migrations unless read-only, and returns it. Call Start on the result
// before appending.
func Open(ctx context.Context, url string, o Options) (*sqldb.DB, error) {
	if o.MaxConns <= 0 {
		o.MaxConns = 16
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "The PostgreSQL URL is not valid: " + Redact(err.Error()) +
			". Use postgres://USER:PASSWORD@HOST:PORT/DATABASE."}
	}
	// The writer gets connections of its own, so that a crowd of readers
	// never makes a commit wait for a connection: one for the ledger's
	// writer, the others for sessions, PIN attempts and checkpoints.
	read, write := stdlib.OpenDB(*cfg), stdlib.OpenDB(*cfg)
	read.SetMaxOpenConns(o.MaxConns)
	read.SetMaxIdleConns(o.MaxConns)
	read.SetConnMaxIdleTime(5 * time.Minute)
	write.SetMaxOpenConns(4)
	write.SetMaxIdleConns(4)
	closeBoth := func() { read.Close(); write.Close() }
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := read.PingContext(pingCtx); err != nil {
		closeBoth()
		return nil, dialect{}.Classify(fmt.Errorf("connect to PostgreSQL: %w", err))
	}
	if !o.ReadOnly {
		if err := migrate(ctx, write); err != nil {
			closeBoth()
			return nil, err
		}
	}
	o.Config.Schema = schema(read)
	return sqldb.New(write, read, dialect{}, o.Config), nil
}

// schema returns what reads, on pool, the migration the schema stands at
// and the latest this build has, for the server's readiness.
func schema(pool *sql.DB) func(ctx context.Context) (current, latest int64, err error) {
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectPostgres, pool, sub)
	if err != nil {
		return func(context.Context) (int64, int64, error) { return 0, 0, fmt.Errorf("prepare migrations: %w", err) }
	}
	return p.GetVersions
}

func migrate(ctx context.Context, db *sql.DB) error {
	sub, _ := fs.Sub(migrations, "migrations")
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("prepare migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return dialect{}.Classify(fmt.Errorf("migrate database: %w", err))
	}
	return nil
}

// Redact hides the user name and password of every URL in s, such as a
// connection URL or an error message quoting one.
func Redact(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + 3 + strings.IndexAny(s[i+3:]+" ", " \t\n\"'`")
		at := strings.LastIndex(s[i+3:end], "@")
		if at < 0 {
			b.WriteString(s[:end])
		} else {
			b.WriteString(s[:i+3] + "…" + s[i+3+at:end])
		}
		s = s[end:]
	}
}

type dialect struct{}

func (dialect) Name() string           { return "postgres" }
func (dialect) Rebind(q string) string { return sqldb.RebindQuestion(q) }

// LockLedgers takes a transaction-scoped advisory lock per ledger, in order,
// so that writers of one ledger — in this process or another — take turns,
// and writers of different ledgers never deadlock.
func (dialect) LockLedgers(ctx context.Context, tx *sql.Tx, ids []string) error {
	for _, id := range slices.Sorted(slices.Values(ids)) {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended('setsafe ledger ' || $1, 0))", id); err != nil {
			return err
		}
	}
	return nil
}

// OthersWroteQuery is empty: PostgreSQL cannot tell, so the writer reads
// where each ledger ends on every write, after taking the ledger's lock.
func (dialect) OthersWroteQuery() string { return "" }

func (dialect) Snapshot(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	return db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
}

func (dialect) Classify(err error) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "40001" || pg.Code == "40P01" || pg.Code == "55P03":
			return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
				Message: "The database is busy with another writer. Nothing was changed; try again."}
		case pg.Code == "53100":
			return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
				Message: "The database server's disk is full. Nothing was changed; ask its administrator to free space."}
		case strings.HasPrefix(pg.Code, "08") || strings.HasPrefix(pg.Code, "57P"):
			return unreachable(err)
		case pg.Code == "28P01" || pg.Code == "28000":
			return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
				Message: "PostgreSQL refused the user or password in the database URL."}
		case pg.Code == "3D000":
			return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
				Message: "The database named in the URL does not exist on the PostgreSQL server; create it first."}
		}
		return err
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, sql.ErrConnDone) {
		return unreachable(err)
	}
	return err
}

func unreachable(err error) error {
	return &setsafe.Error{Code: setsafe.EUnavailable, Err: err,
		Message: "The PostgreSQL server cannot be reached. Nothing was changed; check that it is running and the URL is right."}
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// Dialect is what differs between the SQL databases setsafe runs on.
type Dialect interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// Rebind rewrites a query's ? placeholders into the database's own.
	Rebind(query string) string
	// LockLedgers makes other writers of the given ledgers wait until the
	// transaction ends, so that no two writers number entries at once.
	LockLedgers(ctx context.Context, tx *sql.Tx, ids []string) error
	// Classify turns a driver error into a setsafe error where it means
	// something a person can act on (busy, full, unreachable), and returns
	// err unchanged otherwise.
	Classify(err error) error
	// Snapshot begins a read-only transaction that sees one consistent state
	// of the database for as long as it lasts.
	Snapshot(ctx context.Context, db *sql.DB) (*sql.Tx, error)
	// OthersWroteQuery returns a query of one number that changes on its
	// connection whenever another connection commits, or "" if the database
	// cannot tell (the writer then reads where each ledger ends on every
	// write).
	OthersWroteQuery() string
}

// Observer receives measurements; package metrics implements it. All
// methods must be safe for concurrent use and quick.
type Observer interface {
	// Committed reports a write transaction that appended events events in
	// requests requests and took d.
	Committed(requests, events int, d time.Duration)
	// Appended reports events appended to a ledger of the given kind
	// ("site" or "production").
	Appended(kind string, events int)
	// VerifyFailed reports a ledger of the given kind ("site" or
	// "production") that failed verification.
	VerifyFailed(kind string)
	// VerifyPassed reports a verification of every ledger in which no
	// ledger of the given kind failed.
	VerifyPassed(kind string)
	// StateRead reports a ledger's state read into memory by the writer
	// or a reader (by), whole from the projection tables or brought up to
	// date from the entries written since, mostly by another server
	// (from: "tables" or "entries").
	StateRead(by, from string)
}

type noObserver struct{}

func (noObserver) Committed(int, int, time.Duration) {}
func (noObserver) Appended(string, int)              {}
func (noObserver) VerifyFailed(string)               {}
func (noObserver) VerifyPassed(string)               {}
func (noObserver) StateRead(string, string)          {}

// Config configures a DB.
type Config struct {
	// Clock gives events their time. Defaults to the system clock.
	Clock setsafe.Clock
	// Signer signs checkpoints. Without one, nothing is signed; a server
	// with the key signs the uncovered entries when it starts.
	Signer *ledger.Signer
	// Kept keeps the latest signed checkpoints outside the database, so that
	// a rewrite that also removed them is still caught. Optional.
	Kept CheckpointKeeper
	// Logger receives operational messages. Defaults to slog.Default().
	Logger *slog.Logger
	// Observer receives measurements. Optional.
	Observer Observer
	// MaxBatch is the most requests one write transaction carries
	// (default 256).
	MaxBatch int
	// CheckpointIdle is how long the writer waits after a write before it
	// signs a checkpoint, so that a burst of writes gets one (default 100 ms).
	CheckpointIdle time.Duration
	// CheckpointEvery bounds how long a continuous stream of writes goes
	// without a checkpoint (default 1 s).
	CheckpointEvery time.Duration
	// Schema returns the migration the database's schema stands at and the
	// latest this build knows; the backends set it, for [DB.Ready].
	Schema func(ctx context.Context) (current, latest int64, err error)
	// CacheBytes bounds the memory, by the states' own estimates, that the
	// states of ledgers kept in memory take: the writer's, which decide
	// commands, and the committed ones readers share, each within it
	// (default DefaultCacheBytes). The two share the rows of a ledger both
	// hold. A ledger that no longer fits is read again when next used.
	CacheBytes int64
}

// GCPercent is the garbage collector's target that a server storing
// events runs with (setsafe serve and demo set it unless GOGC is set): the
// writer allocates for every event, and at the default of 100 the collector
// takes a fifth of the appends a busy writer could make. The price is
// memory, tens of megabytes under load. Verification keeps the default,
// which holds its memory flat.
const GCPercent = 400

// DB is a setsafe database: its ledgers, projections, credentials and
// sessions. It is safe for concurrent use.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect Dialect
	cfg     Config
	log     *slog.Logger
	obs     Observer
	w       *writer

	// stmts caches the writer's prepared statements by query text: parsing
	// SQL costs SQLite more than running these small statements.
	stmts      sync.Map
	unprepared sync.Map
	// readStmts caches prepared reads by query text.
	readStmts sync.Map
	// pinChecks takes one person's PIN checks one at a time: a person's
	// checks always take the same mutex of the set, and people sharing one
	// wait for each other only as long as a check takes.
	pinChecks [256]sync.Mutex
	// outbox wakes the notification sender after commits.
	outbox chan struct{}
	// signed wakes the witnesses' submitter after checkpoints are signed.
	signed signedLedgers
	// committed keeps the committed states readers share.
	committed *committedStates
	// answers are the answers waiting to be kept, in one transaction.
	answers answerQueue
}

// New returns a DB over open connection pools: write for the writer (for
// SQLite a pool of one connection), read for everything else (may be the same
// pool). Call [DB.Start] to start the writer before appending.
func New(write, read *sql.DB, d Dialect, cfg Config) *DB {
	if cfg.Clock == nil {
		cfg.Clock = setsafe.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 256
	}
	if cfg.CheckpointIdle <= 0 {
		cfg.CheckpointIdle = 100 * time.Millisecond
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = time.Second
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	db := &DB{write: write, read: read, dialect: d, cfg: cfg, log: cfg.Logger, obs: cfg.Observer, outbox: make(chan struct{}, 1),
		signed: signedLedgers{wake: make(chan struct{}, 1)}, committed: newCommittedStates(cfg.CacheBytes)}
	db.w = newWriter(db)
	return db
}

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Clock returns the clock that dates events.
func (db *DB) Clock() setsafe.Clock { return db.cfg.Clock }

// Signer returns the checkpoint signer, or nil.
func (db *DB) Signer() *ledger.Signer { return db.cfg.Signer }

// Start starts the writer and signs checkpoints for entries that no
// checkpoint covers yet (after a crash, or writes by a process without the
// key).
func (db *DB) Start(ctx context.Context) error {
	if err := db.checkKey(ctx); err != nil {
		return err
	}
	db.w.start()
	if err := db.rebuildIfChanged(ctx); err != nil {
		return err
	}
	if db.cfg.Signer == nil {
		return nil
	}
	_, err := db.SignUncovered(ctx)
	return err
}

// Close stops the writer, signs a last checkpoint and closes the pools.
func (db *DB) Close() error {
	db.w.stop()
	for _, m := range []*sync.Map{&db.stmts, &db.readStmts} {
		m.Range(func(_, v any) bool {
			v.(*sql.Stmt).Close()
			return true
		})
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return db.classify(fmt.Errorf("ping: %w", err))
	}
	return nil
}

// Reasons a database is not ready, which [DB.Ready] returns.
const (
	NotReadyDatabase   = "database"    // the database does not answer
	NotReadyMigrations = "migrations"  // the schema lacks migrations
	NotReadySigningKey = "signing_key" // no checkpoint signing key
)

// Ready reports whether the database can take the server's work: it
// answers, its schema has every migration this build knows (a newer
// build's further ones do no harm: migrations only add), and the server
// holds its checkpoint signing key. When it cannot, it returns which of
// those failed (a NotReady reason) and why.
func (db *DB) Ready(ctx context.Context) (reason string, err error) {
	if err := db.Ping(ctx); err != nil {
		return NotReadyDatabase, err
	}
	if db.cfg.Schema != nil {
		current, latest, err := db.cfg.Schema(ctx)
		if err != nil {
			return NotReadyDatabase, db.classify(fmt.Errorf("read the schema's migrations: %w", err))
		}
		if current < latest {
			return NotReadyMigrations, setsafe.Errorf(setsafe.EUnavailable,
				"The database's schema stands at migration %d, and this server needs %d: start the server so that it migrates the database.", current, latest)
		}
	}
	if db.cfg.Signer == nil {
		return NotReadySigningKey, setsafe.Errorf(setsafe.EUnavailable, "The server has no checkpoint signing key loaded, so it cannot sign what it writes.")
	}
	return "", nil
}

// WritePool and ReadPool expose the pools to the backend packages (backups,
// migrations) and to tests.
func (db *DB) WritePool() *sql.DB { return db.write }

// ReadPool returns the pool used for reads.
func (db *DB) ReadPool() *sql.DB { return db.read }

func (db *DB) rebind(q string) string { return db.dialect.Rebind(q) }

// stmt returns the statement for query (with ? placeholders) within tx. A
// statement is prepared on the write pool once, between transactions (the
// SQLite pool has a single connection, which the transaction holds); until
// then it is prepared for the transaction alone.
func (db *DB) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if st, ok := db.stmts.Load(query); ok {
		return tx.StmtContext(ctx, st.(*sql.Stmt)), nil
	}
	db.unprepared.Store(query, true)
	return tx.PrepareContext(ctx, db.rebind(query))
}

// prepareWaiting prepares the statements that transactions used since the
// last call. The writer calls it between transactions.
func (db *DB) prepareWaiting(ctx context.Context) {
	db.unprepared.Range(func(k, _ any) bool {
		db.unprepared.Delete(k)
		st, err := db.write.PrepareContext(ctx, db.rebind(k.(string)))
		if err != nil {
			return true // it will be prepared per transaction until next time
		}
		if _, loaded := db.stmts.LoadOrStore(k, st); loaded {
			st.Close()
		}
		return true
	})
}

// readStmt returns the read statement for query (with ? placeholders),
// prepared once on the read pool.
func (db *DB) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := db.readStmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.read.PrepareContext(ctx, db.rebind(query))
	if err != nil {
		return nil, err
	}
	if prev, loaded := db.readStmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// query runs a read with a cached statement.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := db.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow runs a read of one row with a cached statement.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	st, err := db.readStmt(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

// reader runs a read query (with ? placeholders) somewhere: on the read
// pool with cached statements, or within a transaction.
type reader func(ctx context.Context, query string, args ...any) (*sql.Rows, error)

// on returns the reader for q: the read pool's cached statements for the
// read pool, plain queries otherwise.
func (db *DB) on(q querier) reader {
	if q == querier(db.read) {
		return db.query
	}
	return func(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
		return q.QueryContext(ctx, db.rebind(query), args...)
	}
}

// rowScanner is a *sql.Row, or the error of preparing it.
type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// txExec executes a cached statement within tx.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	st, err := db.stmt(ctx, tx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// txQuery runs a cached query within tx.
func (db *DB) txQuery(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	st, err := db.stmt(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// classify maps driver errors to setsafe errors with a message a person can
// act on; context errors and setsafe errors pass through.
func (db *DB) classify(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*setsafe.Error](err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &setsafe.Error{Code: setsafe.EUnavailable, Message: "The request was cancelled or took too long; try again.", Err: err}
	}
	return db.dialect.Classify(err)
}

// RebindQuestion rewrites ? placeholders as $1, $2, ... outside quoted text.
// PostgreSQL's dialect uses it.
func RebindQuestion(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	quoted := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lookupSizes are the numbers of values that a query looking many up at
// once is written for, smallest first. Any other number is looked up in
// chunks of these sizes (see inChunks), so that such a query has a few
// shapes only: each shape is a statement prepared once and kept, and
// SQLite refuses a compound SELECT of more than 500 terms.
var lookupSizes = []int{1, 4, 16, 64}

// inChunks calls f with the values in chunks whose lengths are lookup
// sizes: as many of the largest as the values fill, then the smallest that
// holds the rest, padded by repeating its last value. A lookup whose query
// holds a value twice finds the same rows, so the padding changes nothing
// but the query's shape.
func inChunks[T any](vals []T, f func(chunk []T) error) error {
	largest := lookupSizes[len(lookupSizes)-1]
	for len(vals) > 0 {
		size := largest
		for _, s := range lookupSizes {
			if s >= len(vals) {
				size = s
				break
			}
		}
		n := min(size, len(vals))
		chunk := make([]T, size)
		copy(chunk, vals[:n])
		for i := n; i < size; i++ {
			chunk[i] = vals[n-1]
		}
		if err := f(chunk); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

// placeholders returns "?, ?, ..." with n placeholders.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

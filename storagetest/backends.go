// Package storagetest opens real test databases — SQLite always, PostgreSQL
// when SETSAFE_TEST_POSTGRES names one — and holds the storage test suite
// that both backends must pass.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/postgres"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
)

// PostgresEnv names the environment variable that points the tests at a
// PostgreSQL database, such as postgres://postgres@127.0.0.1:5432/test.
const PostgresEnv = "SETSAFE_TEST_POSTGRES"

// Backend is one kind of database the tests run on.
type Backend struct {
	Name string
	// New returns the location of a fresh, empty database of this kind, as
	// the --db flag takes it ("sqlite:PATH" or a postgres:// URL), and
	// removes it when the test ends.
	New func(t testing.TB) string
	// Open opens the database at a location returned by New, migrated and
	// started, and closes it when the test ends.
	Open func(t testing.TB, location string, cfg sqldb.Config) *sqldb.DB
	// AllowTampering switches off the triggers that stop changes to
	// entries, checkpoints and files, so that a test can play the forger.
	AllowTampering func(t testing.TB, db *sql.DB)
}

// Backends returns SQLite and PostgreSQL. PostgreSQL's New and Open skip
// the test, saying why, when SETSAFE_TEST_POSTGRES is not set.
func Backends() []Backend { return []Backend{SQLite(), Postgres()} }

// SQLite is the embedded backend.
func SQLite() Backend {
	return Backend{
		Name: "sqlite",
		New: func(t testing.TB) string {
			return "sqlite:" + filepath.Join(t.TempDir(), "setsafe.db")
		},
		Open: func(t testing.TB, loc string, cfg sqldb.Config) *sqldb.DB {
			t.Helper()
			db, err := sqlite.Open(context.Background(), loc[len("sqlite:"):], sqlite.Options{Config: cfg})
			if err != nil {
				t.Fatalf("open %s: %v", loc, err)
			}
			return started(t, db)
		},
		AllowTampering: func(t testing.TB, db *sql.DB) {
			for _, trig := range []string{"ledger_never_updated", "ledger_never_deleted", "checkpoints_never_updated", "checkpoints_never_deleted",
				"files_never_updated", "files_never_deleted"} {
				if _, err := db.Exec("DROP TRIGGER " + trig); err != nil {
					t.Fatal(err)
				}
			}
		},
	}
}

// Postgres is the PostgreSQL backend. Each database is a fresh schema in the
// database SETSAFE_TEST_POSTGRES names, dropped after the test.
func Postgres() Backend {
	return Backend{
		Name: "postgres",
		New: func(t testing.TB) string {
			t.Helper()
			base := RequirePostgres(t)
			b := make([]byte, 6)
			rand.Read(b)
			schema := "setsafe_test_" + hex.EncodeToString(b)
			admin, err := sql.Open("pgx", base)
			if err != nil {
				t.Fatal(err)
			}
			defer admin.Close()
			if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
				t.Fatalf("create schema in %s: %v", base, err)
			}
			t.Cleanup(func() {
				admin, err := sql.Open("pgx", base)
				if err == nil {
					admin.Exec("DROP SCHEMA " + schema + " CASCADE")
					admin.Close()
				}
			})
			u, err := url.Parse(base)
			if err != nil {
				t.Fatalf("%s is not a URL: %v", PostgresEnv, err)
			}
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		},
		Open: func(t testing.TB, loc string, cfg sqldb.Config) *sqldb.DB {
			t.Helper()
			db, err := postgres.Open(context.Background(), loc, postgres.Options{Config: cfg})
			if err != nil {
				t.Fatalf("open PostgreSQL: %v", err)
			}
			return started(t, db)
		},
		AllowTampering: func(t testing.TB, db *sql.DB) {
			for _, s := range []string{"ALTER TABLE ledger DISABLE TRIGGER ledger_never_changed", "ALTER TABLE checkpoints DISABLE TRIGGER checkpoints_never_changed",
				"ALTER TABLE files DISABLE TRIGGER files_never_changed"} {
				if _, err := db.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
		},
	}
}

// RequirePostgres returns the PostgreSQL URL of SETSAFE_TEST_POSTGRES, or
// skips the test and says why; in CI (CI set), where PostgreSQL must run,
// it fails the test instead.
func RequirePostgres(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is required here: set %s to a database URL such as postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", PostgresEnv)
		}
		t.Skipf("PostgreSQL tests skipped: %s is not set. Set it to a database URL, such as postgres://postgres@127.0.0.1:5432/test, to run them.", PostgresEnv)
	}
	return u
}

func started(t testing.TB, db *sqldb.DB) *sqldb.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.Start(ctx); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Signer returns a new signing key for a test, in the test's temporary
// directory.
func Signer(t testing.TB) *ledger.Signer {
	t.Helper()
	s, _ := SignerFile(t)
	return s
}

// SignerFile returns a new signing key, as [Signer] does, and the file that
// holds it, for a command that reads the key from its file.
func SignerFile(t testing.TB) (*ledger.Signer, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "signing.key")
	s, _, err := ledger.LoadOrCreateSigner(path, "setsafe-test")
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

// Epoch is the time test clocks start at: the morning of 21 October 2021.
var Epoch = time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC)

// Env is a started test database with its clock and signer.
type Env struct {
	DB     *sqldb.DB
	Clock  *setsafe.ManualClock
	Signer *ledger.Signer
	// KeyFile is the file that holds Signer's key.
	KeyFile  string
	Location string
	Backend  Backend
	// Kept keeps the signed checkpoints outside the database, as the server
	// does beside its key.
	Kept    *ledger.CheckpointFile
	options []func(*sqldb.Config)
}

// NewEnv opens a fresh database of a backend with a manual clock and a new
// signing key. Options may change the database's configuration.
func NewEnv(t testing.TB, b Backend, options ...func(*sqldb.Config)) *Env {
	t.Helper()
	loc := b.New(t)
	signer, keyFile := SignerFile(t)
	e := &Env{Clock: setsafe.NewManualClock(Epoch), Signer: signer, KeyFile: keyFile, Location: loc, Backend: b, options: options}
	kept, err := ledger.OpenCheckpointFile(filepath.Join(t.TempDir(), "signing.key.checkpoints"))
	if err != nil {
		t.Fatal(err)
	}
	e.Kept = kept
	e.DB = b.Open(t, loc, e.Config())
	return e
}

// Config returns the configuration the environment's databases use.
func (e *Env) Config() sqldb.Config {
	c := sqldb.Config{Clock: e.Clock, Signer: e.Signer, Kept: e.Kept, CheckpointIdle: 20 * time.Millisecond}
	for _, o := range e.options {
		o(&c)
	}
	return c
}

// Reopen opens a second handle on the same database, as a second process
// would.
func (e *Env) Reopen(t testing.TB) *sqldb.DB {
	t.Helper()
	return e.Backend.Open(t, e.Location, e.Config())
}

// MustAppend appends a request and fails the test on error.
func MustAppend(t testing.TB, db *sqldb.DB, req setsafe.Request) []setsafe.Event {
	t.Helper()
	evs, err := db.Append(context.Background(), req)
	if err != nil {
		t.Fatalf("append %T: %v", req.Steps[0].Command, err)
	}
	return evs
}

// appendMany appends n requests from 16 writers at once and returns the
// errors of the writers whose append failed, each of which stops there.
func appendMany(db *sqldb.DB, n int, req func(i int) setsafe.Request) error {
	return appendManyAllowing(db, n, req, "")
}

// appendManyAllowing is appendMany, taking an error of the given code
// (a refusal, say) as the answer expected.
func appendManyAllowing(db *sqldb.DB, n int, req func(i int) setsafe.Request, allowed string) error {
	const writers = 16
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := w; i < n; i += writers {
				r := req(i)
				if _, err := db.Append(context.Background(), r); err != nil && (allowed == "" || setsafe.ErrorCode(err) != allowed) {
					errs <- fmt.Errorf("append %T: %w", r.Steps[0].Command, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// Operator is the actor of test set-up steps.
var Operator = setsafe.SystemActor("test")

// Seed creates an administrator account, a production "red-mesa" and a few
// people with roles, and returns their IDs by role name ("admin", "producer",
// "armorer", "first_ad", "cast").
func Seed(t testing.TB, db *sqldb.DB) map[string]string {
	t.Helper()
	ids := map[string]string{"admin": setsafe.NewID()}
	MustAppend(t, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAccount{
		ID: ids["admin"], Email: "admin@example.com", Name: "Site Admin", PasswordHash: "test-hash", SiteAdmin: true}))
	MustAppend(t, db, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{
		ID: "red-mesa", Name: "Red Mesa", Company: "Dry Gulch Pictures", Location: "Santa Fe, New Mexico", TimeZone: "America/Denver"}))
	for _, p := range []struct{ key, name string }{
		{"producer", "Dana Whitfield"}, {"armorer", "Rosa Delgado"}, {"first_ad", "Marcus Hale"}, {"cast", "Jack Brennan"},
	} {
		ids[p.key] = setsafe.NewID()
		MustAppend(t, db, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: ids[p.key], PersonDetails: setsafe.PersonDetails{Name: p.name}}))
		role := setsafe.Role(p.key)
		MustAppend(t, db, setsafe.On("red-mesa", Operator, setsafe.GrantRole{PersonID: ids[p.key], Role: role}))
	}
	return ids
}

// Name returns a name for the i-th generated person.
func Name(i int) string { return fmt.Sprintf("Crew Member %d", i) }

package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/http/pages"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
	"github.com/setsafe/setsafe/storagetest"
)

func open(t *testing.T, path string, o sqlite.Options) *sqldb.DB {
	t.Helper()
	if o.Signer == nil {
		o.Signer = storagetest.Signer(t)
	}
	db, err := sqlite.Open(context.Background(), path, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func addPerson(db *sqldb.DB, name string) ([]setsafe.Event, error) {
	return db.Append(context.Background(), setsafe.On("red-mesa", storagetest.Operator,
		setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: name}}))
}

func verifyOK(t *testing.T, db *sqldb.DB) {
	t.Helper()
	rep, err := db.Verify(context.Background(), db.Signer().Verifier(), "")
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
}

// TestDatabaseLocked holds the write lock from another program and checks
// that a write then fails cleanly, over the API too, with a message that
// says why, and works once the lock is gone.
func TestDatabaseLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	db := open(t, path, sqlite.Options{BusyTimeout: 200 * time.Millisecond})
	ids := storagetest.Seed(t, db)
	tokID, token, hash := setsafe.NewAPITokenSecret()
	storagetest.MustAppend(t, db, setsafe.On(setsafe.SiteLedger, storagetest.Operator, setsafe.CreateAPIToken{ID: tokID, AccountID: ids["admin"], Name: "t", SecretHash: hash}))
	srv, err := sshttp.New(sshttp.Config{Ledger: db, Records: db, Credentials: db, Armory: db, Sessions: db.Sessions(), Logger: slog.New(slog.DiscardHandler)}, api.Mount, pages.Mount)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	// The other program waits for the lock like any program would: the
	// server may be signing a checkpoint of the seed at this moment.
	other, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := db.LedgerSize(context.Background(), "red-mesa")
	// Writes waiting together fail together, each with the reason.
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = addPerson(db, "Blocked") })
	}
	wg.Wait()
	for _, err := range errs {
		if setsafe.ErrorCode(err) != setsafe.EUnavailable || !strings.Contains(setsafe.ErrorMessage(err), "busy") {
			t.Fatalf("write under another program's lock: %v", err)
		}
	}
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/productions/red-mesa/people", strings.NewReader(`{"name":"Blocked"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "another program holds a lock") {
		t.Fatalf("API write under the lock: %d %s", resp.StatusCode, body)
	}
	tx.Rollback()
	if after, _ := db.LedgerSize(context.Background(), "red-mesa"); after != before {
		t.Fatalf("failed writes changed the ledger: %d → %d", before, after)
	}
	if _, err := addPerson(db, "After the lock"); err != nil {
		t.Fatalf("write after the lock was released: %v", err)
	}
	verifyOK(t, db)
}

// TestDatabaseFull fills the database to its size limit and checks that the
// write that does not fit fails cleanly, loses nothing written before, and
// leaves verification passing.
func TestDatabaseFull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "full.db")
	db := open(t, path, sqlite.Options{})
	storagetest.Seed(t, db)
	var pages int
	if err := db.WritePool().QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open(t, path, sqlite.Options{MaxPages: pages + 8, Config: sqldb.Config{Signer: db.Signer()}})
	var last int64
	var err error
	for range 10000 {
		var evs []setsafe.Event
		if evs, err = addPerson(db, strings.Repeat("A long name to fill pages ", 4)); err != nil {
			break
		}
		last = evs[0].Seq
	}
	if setsafe.ErrorCode(err) != setsafe.EUnavailable || !strings.Contains(setsafe.ErrorMessage(err), "full") {
		t.Fatalf("write to a full database: %v", err)
	}
	if last == 0 {
		t.Fatal("the database was full from the start")
	}
	if size, _ := db.LedgerSize(context.Background(), "red-mesa"); size != last {
		t.Fatalf("ledger has %d entries, last acknowledged %d", size, last)
	}
	verifyOK(t, db)
}

// TestCommitFails makes the database refuse some commits, with a deferred
// constraint that only COMMIT checks, while writers keep the writer busy
// deciding batches ahead of commits. A failed commit must fail every
// request it carried and none that was decided after it: every write that
// was acknowledged is in the ledger at its sequence number, no other is,
// and the ledger has no gap.
func TestCommitFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commit.db")
	db := open(t, path, sqlite.Options{})
	storagetest.Seed(t, db)
	ctx := context.Background()
	before, _ := db.LedgerSize(ctx, "red-mesa")
	for _, q := range []string{
		"CREATE TABLE gate_target (id TEXT PRIMARY KEY)",
		"CREATE TABLE gate (ref TEXT REFERENCES gate_target (id) DEFERRABLE INITIALLY DEFERRED)",
		"CREATE TRIGGER fail_commit AFTER INSERT ON people WHEN NEW.name = 'Commit Fails' BEGIN INSERT INTO gate VALUES ('nowhere'); END",
	} {
		if _, err := db.WritePool().Exec(q); err != nil {
			t.Fatal(err)
		}
	}

	const writers, each = 16, 20
	acked := make([][]setsafe.Event, writers)
	var failed atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				name := storagetest.Name(w*each + i)
				if (w+i)%7 == 0 {
					name = "Commit Fails"
				}
				evs, err := addPerson(db, name)
				if err != nil {
					if setsafe.ErrorMessage(err) == "" {
						t.Errorf("a failed commit without a message: %v", err)
					}
					failed.Add(1)
					continue
				}
				if name == "Commit Fails" {
					t.Errorf("a write whose commit fails was acknowledged: %+v", evs)
				}
				acked[w] = append(acked[w], evs...)
			}
		})
	}
	wg.Wait()
	// With many writers at once a batch may hold a failing request every
	// time, so that none is acknowledged; the writer must go on after them.
	evs, err := addPerson(db, "After The Failures")
	if err != nil {
		t.Fatalf("a write after the failed commits: %v", err)
	}
	acked = append(acked, evs)

	entries, err := db.Entries(ctx, "red-mesa", before, 100000)
	if err != nil {
		t.Fatal(err)
	}
	bySeq := map[int64]string{}
	for i, en := range entries {
		if en.Seq != before+int64(i)+1 {
			t.Fatalf("gap: entry %d at position %d", en.Seq, before+int64(i)+1)
		}
		bySeq[en.Seq] = en.Event.Body.(*setsafe.PersonAdded).ID
	}
	n := 0
	for _, evs := range acked {
		for _, ev := range evs {
			n++
			if bySeq[ev.Seq] != ev.Body.(*setsafe.PersonAdded).ID {
				t.Fatalf("entry %d is not the event acknowledged for it", ev.Seq)
			}
		}
	}
	if n != len(entries) || failed.Load() == 0 || n == 0 {
		t.Fatalf("%d writes acknowledged, %d failed, %d entries in the ledger", n, failed.Load(), len(entries))
	}
	verifyOK(t, db)
}

// TestOpenRefusals checks the errors people get when opening goes wrong.
func TestOpenRefusals(t *testing.T) {
	_, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "missing.db"), sqlite.Options{ReadOnly: true})
	if setsafe.ErrorCode(err) != setsafe.ENotFound || !strings.Contains(setsafe.ErrorMessage(err), "no database") {
		t.Fatalf("read-only open of a missing file: %v", err)
	}
	dir := t.TempDir()
	if err := sqlite.Backup(context.Background(), filepath.Join(dir, "none.db"), filepath.Join(dir, "copy.db")); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("backup of a missing database: %v", err)
	}
}

// TestBackup checks that a backup is readable by its owner only, never
// overwrites a file, and leaves nothing behind when it fails.
func TestBackup(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "setsafe.db")
	db := open(t, src, sqlite.Options{})
	storagetest.Seed(t, db)
	dst := filepath.Join(dir, "copies", "copy.db")
	if err := sqlite.Backup(context.Background(), src, dst); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	before, _ := os.ReadFile(dst)
	if err := sqlite.Backup(context.Background(), src, dst); setsafe.ErrorCode(err) != setsafe.EConflict {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if after, _ := os.ReadFile(dst); !bytes.Equal(before, after) {
		t.Fatal("a refused backup changed the existing file")
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 512), 0o600); err != nil {
		t.Fatal(err)
	}
	failed := filepath.Join(dir, "failed.db")
	if err := sqlite.Backup(context.Background(), garbage, failed); err == nil {
		t.Fatal("a backup of a file that is not a database succeeded")
	}
	if _, err := os.Stat(failed); !os.IsNotExist(err) {
		t.Fatalf("a failed backup left %s behind: %v", failed, err)
	}
}

package storagetest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
)

// This file holds the tests of what servers sign: when, and what they do
// when another server signed the same size differently.

// waitForCheckpoint waits for the writer to sign a checkpoint of a ledger
// at a size on its own, and returns it.
func waitForCheckpoint(t *testing.T, db *sqldb.DB, id string, size uint64) ledger.Checkpoint {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		cp, err := db.LatestCheckpoint(context.Background(), id)
		if err == nil && cp.Size == size {
			return cp
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of %s at size %d: %+v %v", id, size, cp, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lastEntryTime returns the time of a ledger's last entry.
func lastEntryTime(t *testing.T, db *sqldb.DB, id string) (int64, time.Time) {
	t.Helper()
	ctx := context.Background()
	size, err := db.LedgerSize(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	en, err := db.LedgerEntry(ctx, id, size)
	if err != nil {
		t.Fatal(err)
	}
	return size, en.Event.Time
}

// testClockSetBack sets the server's clock back, then runs a second server
// whose clock is behind the first's. An entry's time never runs backwards,
// so the entries run ahead of both clocks: the checkpoints signed after
// them, and the files stored with them, must still be what verification
// expects, and the signed time each checkpoint says is not before the
// entries it covers.
func testClockSetBack(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	e.Clock.Advance(2 * time.Hour)
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Before The Change"}}))

	e.Clock.Set(Epoch.Add(-24 * time.Hour)) // set back a day
	training := setsafe.NewID()
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.RecordTraining{ID: training, PersonID: ids["cast"], Course: "Firearm safety",
		Provider: "CSATF", Firearms: true, Completed: "2021-10-01"}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.AttachFile{Subject: setsafe.SubjectTraining, SubjectID: training,
		File: setsafe.NewFile("application/pdf", []byte("%PDF-1.4 a certificate signed with the clock set back"))}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", setsafe.Anonymous, setsafe.RaiseConcern{ID: setsafe.NewID(), Category: "firearms", Severity: "high",
		Description: "Someone was plinking at lunch", Mode: setsafe.ReportAnonymous, ReceiptHash: "h",
		Photos: []setsafe.File{setsafe.NewFile("image/png", []byte("a photo taken with the clock set back"))}}))
	size, last := lastEntryTime(t, e.DB, "red-mesa")
	if want := Epoch.Add(2 * time.Hour); !last.Equal(want) {
		t.Fatalf("the last entry's time is %s, want %s: entries' times ran backwards with the clock", last, want)
	}
	cp := waitForCheckpoint(t, e.DB, "red-mesa", uint64(size))
	if cp.SignedAt.Before(last) {
		t.Fatalf("the writer's checkpoint at size %d says it was signed at %s, before its last entry (%s)", size, cp.SignedAt, last)
	}

	// A second server, whose clock is behind the first's.
	cfg := e.Config()
	cfg.Clock = setsafe.NewManualClock(Epoch.Add(-48 * time.Hour))
	behind := e.Backend.Open(t, e.Location, cfg)
	MustAppend(t, behind, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "On The Late Server"}}))
	cp, err := behind.SignCheckpoint(ctx, "red-mesa")
	if err != nil || cp.Size != uint64(size)+1 {
		t.Fatalf("checkpoint by the server whose clock is behind: %+v %v", cp, err)
	}
	if !cp.SignedAt.Equal(last) {
		t.Fatalf("the late server's checkpoint says it was signed at %s, want the time of the entries it covers, %s", cp.SignedAt, last)
	}
	for _, db := range []*sqldb.DB{e.DB, behind} {
		got, err := db.CheckpointAt(ctx, "red-mesa", int64(cp.Size))
		if err != nil || !got.SignedAt.Equal(cp.SignedAt) || !bytes.Equal(got.Note, cp.Note) {
			t.Fatalf("the checkpoint read back: %+v %v, want signed at %s", got, err, cp.SignedAt)
		}
	}
	rep := verifyOK(t, e)
	for _, w := range rep.Warnings {
		if strings.Contains(w.What, "signed") && !strings.Contains(w.What, "not yet covered") {
			t.Errorf("a warning about when a checkpoint was signed: %s", w)
		}
	}
}

// logBuffer collects what a server logs; it is safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testForkedCheckpoint plays two servers whose copies of a ledger differ:
// at the size this server is about to sign, another has stored a
// checkpoint of another root. This server must not pass that checkpoint
// off as its own: it says so in its log, keeps nothing of it beside its
// key, and reads the ledger again before it writes to it, which then no
// longer matches what was signed and is refused.
func testForkedCheckpoint(t *testing.T, b Backend) {
	logs := &logBuffer{}
	e := NewEnv(t, b, func(c *sqldb.Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
	Seed(t, e.DB)
	ctx := context.Background()
	waitForCheckpoint(t, e.DB, "red-mesa", 9)
	theirs, err := e.Signer.Sign("red-mesa", 10, ledger.LeafHash([]byte("another server's entry 10")), Epoch)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.WritePool().Exec(e.DB.Dialect().Rebind("INSERT INTO checkpoints (ledger_id, size, root, note, signed_us) VALUES ('red-mesa', 10, ?, ?, ?)"),
		theirs.Root, theirs.Note, theirs.SignedAt.UnixMicro()); err != nil {
		t.Fatal(err)
	}
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Entry Ten"}}))

	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "ledger forked") {
		if time.Now().After(deadline) {
			t.Fatalf("the server signed entry 10 without saying the stored checkpoint differs; its log:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if kept, _ := e.Kept.Latest("red-mesa"); bytes.Equal(kept, theirs.Note) {
		t.Fatal("the other server's checkpoint is kept beside the signing key as this server's")
	}
	_, err = e.DB.Append(ctx, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Entry Eleven"}}))
	if setsafe.ErrorCode(err) != setsafe.EConflict || !strings.Contains(setsafe.ErrorMessage(err), "no longer matches") {
		t.Fatalf("a write after the checkpoints differed: %v", err)
	}
}

// testManyLedgersInOneBatch appends one request that creates 600
// productions, and then one that adds a person to each: the writer reads
// where 601 ledgers end (the first time on every database, and on every
// write on PostgreSQL), more than SQLite allows terms in one compound
// SELECT.
func testManyLedgersInOneBatch(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	const n = 600
	create, add := setsafe.Request{Actor: Operator}, setsafe.Request{Actor: Operator}
	for i := range n {
		id := fmt.Sprintf("show-%03d", i)
		r := setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: id, Name: fmt.Sprintf("Show %d", i), TimeZone: "America/Denver"})
		create.Steps = append(create.Steps, r.Steps...)
		add.Steps = append(add.Steps, setsafe.Step{Ledger: id, Command: setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}}})
	}
	if evs := MustAppend(t, e.DB, create); len(evs) != 2*n {
		t.Fatalf("%d entries for %d productions, want %d", len(evs), n, 2*n)
	}
	if evs := MustAppend(t, e.DB, add); len(evs) != n || evs[n-1].Seq != 2 {
		t.Fatalf("%d entries for %d people, want %d", len(evs), n, n)
	}
}

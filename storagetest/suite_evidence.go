package storagetest

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

func testCheckpointsAndProofs(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	cp1, err := e.DB.SignCheckpoint(ctx, "red-mesa")
	if err != nil || cp1.Size != 9 {
		t.Fatalf("checkpoint: %+v %v", cp1, err)
	}
	for i := range 14 {
		MustAppend(t, e.DB, setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]),
			setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}}))
	}
	// The writer signs a checkpoint on its own once the burst is over.
	deadline := time.Now().Add(5 * time.Second)
	var cp2 ledger.Checkpoint
	for time.Now().Before(deadline) {
		if cp2, err = e.DB.LatestCheckpoint(ctx, "red-mesa"); err == nil && cp2.Size == 23 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if cp2.Size != 23 {
		t.Fatalf("no checkpoint after the burst: %+v %v", cp2, err)
	}
	// Check everything with the library's verifier and the verifier key
	// alone, as an outsider would.
	v, err := ledger.ParseVerifierKey(e.Signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	size1, root1, err := v.Open("red-mesa", cp1.Note)
	if err != nil {
		t.Fatal(err)
	}
	size2, root2, err := v.Open("red-mesa", cp2.Note)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := e.DB.Entries(ctx, "red-mesa", 0, 100)
	for _, en := range entries {
		p, err := e.DB.InclusionProof(ctx, "red-mesa", en.Seq, int64(size2))
		if err != nil {
			t.Fatal(err)
		}
		leaf := rfc6962.DefaultHasher.HashLeaf(en.Bytes)
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(en.Seq-1), size2, leaf, p, root2); err != nil {
			t.Fatalf("inclusion of %d: %v", en.Seq, err)
		}
	}
	p, err := e.DB.ConsistencyProof(ctx, "red-mesa", int64(size1), int64(size2))
	if err != nil {
		t.Fatal(err)
	}
	if err := proof.VerifyConsistency(rfc6962.DefaultHasher, size1, size2, p, root1, root2); err != nil {
		t.Fatalf("consistency: %v", err)
	}
	for _, bad := range [][2]int64{{0, 9}, {24, 23}, {1, 24}} {
		if _, err := e.DB.InclusionProof(ctx, "red-mesa", bad[0], bad[1]); setsafe.ErrorCode(err) != setsafe.EInvalid {
			t.Errorf("inclusion proof of %d in %d: %v", bad[0], bad[1], err)
		}
	}
	verifyOK(t, e)
}

// tamperSeed is what the tamper cases start from: the seeded production
// with a training record and its certificate (entries 10 and 11), every
// entry signed.
const tamperSeed = 11

func testVerifyCatchesTampering(t *testing.T, b Backend) {
	tests := []struct {
		name string
		sql  string
		args []any
		// tamper, if set, plays the forger instead of sql.
		tamper  func(t *testing.T, e *Env, pool *sql.DB)
		wantSeq int64
		want    string
	}{
		{name: "entry byte", sql: "UPDATE ledger SET entry = ? WHERE ledger_id = 'red-mesa' AND seq = 4", wantSeq: 4, want: "leaf hash"},
		{name: "actor column", sql: "UPDATE ledger SET actor = 'person:someone' WHERE ledger_id = 'red-mesa' AND seq = 5", wantSeq: 5, want: "actor"},
		{name: "corrects column", sql: "UPDATE ledger SET corrects = 3 WHERE ledger_id = 'red-mesa' AND seq = 5", wantSeq: 5, want: "corrects: column 3, entry 0"},
		{name: "leaf hash", sql: "UPDATE ledger SET leaf_hash = ? WHERE ledger_id = 'red-mesa' AND seq = 3", args: []any{make([]byte, 32)}, wantSeq: 3, want: "leaf hash"},
		{name: "entry removed", sql: "DELETE FROM ledger WHERE ledger_id = 'red-mesa' AND seq = 6", wantSeq: 6, want: "missing"},
		{name: "checkpoint note", sql: "UPDATE checkpoints SET note = ? WHERE ledger_id = 'red-mesa'", args: []any{[]byte("red-mesa\n9\nAAAA\n\n— x y\n")}, want: "not validly signed"},
		{name: "checkpoint signed time", sql: "UPDATE checkpoints SET signed_us = signed_us - 60000000 WHERE ledger_id = 'red-mesa'", wantSeq: tamperSeed,
			want: "its signed_us column 1634799540000000 differs from the time signed in its note, 2021-10-21T07:00:00Z"},
		// Every hash recomputed, as by someone without the key: only the
		// signed root shows the change.
		{name: "entry rewritten with its hashes", tamper: func(t *testing.T, e *Env, pool *sql.DB) {
			rewriteEntries(t, e.DB, pool, 4, func(ev *setsafe.Event) { ev.Body.(*setsafe.PersonAdded).Name = "Someone Else" })
		}, wantSeq: tamperSeed, want: fmt.Sprintf("do not hash to the root of a checkpoint at size %d: an entry from 1 to %d", tamperSeed, tamperSeed)},
		{name: "time running backwards", tamper: func(t *testing.T, e *Env, pool *sql.DB) {
			rewriteEntries(t, e.DB, pool, 5, func(ev *setsafe.Event) { ev.Time = ev.Time.Add(-time.Hour) })
		}, wantSeq: 5, want: "is before the previous entry's"},
		// The certificate is served as the ledger recorded it, or verify
		// says it is not.
		{name: "file relabelled as a web page", sql: "UPDATE files SET content_type = 'text/html' WHERE ledger_id = 'red-mesa'", wantSeq: tamperSeed,
			want: `content_type is "text/html" in the table but "application/pdf" from the ledger`},
		{name: "file size", sql: "UPDATE files SET size = size + 1 WHERE ledger_id = 'red-mesa'", wantSeq: tamperSeed, want: "size is 41 in the table but 40 from the ledger"},
		{name: "file stored time", sql: "UPDATE files SET stored_us = stored_us - 1 WHERE ledger_id = 'red-mesa'", wantSeq: tamperSeed, want: "stored_us is 1634799599999999 in the table but 1634799600000000 from the ledger"},
		{name: "file bytes swapped", sql: "UPDATE files SET data = ? WHERE ledger_id = 'red-mesa'", args: []any{[]byte("<script>alert(1)</script> of Jack Brennan")}, wantSeq: tamperSeed, want: "its bytes no longer match the entry"},
		{name: "file nobody attached", sql: "INSERT INTO files (ledger_id, sha256, content_type, size, data, stored_us) VALUES ('red-mesa', " +
			"'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'text/html', 4, ?, 1634799600000000)", args: []any{[]byte("test")},
			want: "file 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 is stored, but no entry attached it"},
		{name: "person renamed", sql: "UPDATE people SET name = 'Hallie' WHERE ledger_id = 'red-mesa' AND name = 'Rosa Delgado'", wantSeq: 4, want: "name"},
		{name: "role granted by hand", sql: "INSERT INTO role_grants (ledger_id, person_id, role, granted_us, granted_by, last_seq) SELECT ledger_id, id, 'producer', 0, 'x', 7 FROM people WHERE name = 'Jack Brennan'", wantSeq: 7, want: "never created"},
		{name: "role deleted by hand", sql: "DELETE FROM role_grants WHERE role = 'armorer'", wantSeq: 5, want: "lacks row"},
		{name: "tree nodes", sql: "UPDATE ledger SET nodes = ? WHERE ledger_id = 'red-mesa' AND seq = 8", args: []any{make([]byte, 96)}, wantSeq: 8, want: "tree nodes"},
		{name: "a whole ledger removed", sql: "DELETE FROM ledger WHERE ledger_id = 'red-mesa'", want: "registered, but its ledger has no entries"},
		// The checkpoint kept beside the signing key shows what the
		// database alone cannot.
		{name: "newest entries removed with their checkpoints", sql: "DELETE FROM checkpoints WHERE ledger_id = 'red-mesa'; DELETE FROM ledger WHERE ledger_id = 'red-mesa' AND seq > 7",
			wantSeq: 8, want: fmt.Sprintf("kept beside the signing key was signed at size %d but the ledger holds 7:", tamperSeed)},
		{name: "checkpoints removed", sql: "DELETE FROM checkpoints WHERE ledger_id = 'red-mesa'", wantSeq: tamperSeed, want: "is not in the database: checkpoints were removed"},
		{name: "every trace of a ledger removed", sql: "DELETE FROM checkpoints WHERE ledger_id = 'red-mesa'; DELETE FROM ledger WHERE ledger_id = 'red-mesa'; " +
			"DELETE FROM role_grants WHERE ledger_id = 'red-mesa'; DELETE FROM people WHERE ledger_id = 'red-mesa'; DELETE FROM productions WHERE ledger_id = 'red-mesa'; " +
			"DELETE FROM trainings WHERE ledger_id = 'red-mesa'; DELETE FROM attachments WHERE ledger_id = 'red-mesa'",
			wantSeq: 1, want: fmt.Sprintf("entries 1 to %d were removed", tamperSeed)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEnv(t, b)
			ids := Seed(t, e.DB)
			ctx := context.Background()
			training := setsafe.NewID()
			MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.RecordTraining{ID: training, PersonID: ids["cast"], Course: "Firearm safety",
				Provider: "CSATF", Firearms: true, Completed: "2021-10-01"}))
			MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.AttachFile{Subject: setsafe.SubjectTraining, SubjectID: training,
				File: setsafe.NewFile("application/pdf", []byte("%PDF-1.4 the certificate of Jack Brennan"))}))
			if cp, err := e.DB.SignCheckpoint(ctx, "red-mesa"); err != nil || cp.Size != tamperSeed {
				t.Fatalf("checkpoint: %+v %v", cp, err)
			}
			verifyOK(t, e)
			pool := e.DB.WritePool()
			b.AllowTampering(t, pool)
			if tt.tamper != nil {
				tt.tamper(t, e, pool)
			}
			args := tt.args
			if strings.Contains(tt.sql, "SET entry = ?") {
				en, _ := e.DB.LedgerEntry(ctx, "red-mesa", 4)
				changed := slices.Clone(en.Bytes)
				changed[len(changed)-3] ^= 0x01
				args = []any{changed}
			}
			for stmt := range strings.SplitSeq(tt.sql, "; ") {
				if stmt == "" {
					continue
				}
				if _, err := pool.Exec(e.DB.Dialect().Rebind(stmt), args...); err != nil {
					t.Fatalf("tamper: %v", err)
				}
			}
			rep, err := e.DB.Verify(ctx, e.Signer.Verifier(), "")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				if strings.Contains(p.What, tt.want) && (tt.wantSeq == 0 || p.Seq == tt.wantSeq) {
					return
				}
			}
			t.Fatalf("want a problem at entry %d mentioning %q; got %v", tt.wantSeq, tt.want, rep.Problems)
		})
	}
}

// rewriteEntries plays someone with the database but not the key: they
// change entry seq of red-mesa and recompute every hash from it on, so that
// the rows agree with each other again; only a signed checkpoint can show
// the change.
func rewriteEntries(t *testing.T, db *sqldb.DB, pool *sql.DB, seq int64, change func(*setsafe.Event)) {
	t.Helper()
	entries, err := db.Entries(context.Background(), "red-mesa", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	tree := ledger.NewTree()
	for _, en := range entries {
		raw, ev := en.Bytes, en.Event
		if en.Seq == seq {
			change(&ev)
			if raw, err = ledger.EncodeEntry(ev); err != nil {
				t.Fatal(err)
			}
		}
		leaf := ledger.LeafHash(raw)
		nodes := tree.Append(leaf)
		if nodes == nil {
			nodes = []byte{}
		}
		if _, err := pool.Exec(db.Dialect().Rebind("UPDATE ledger SET entry = ?, leaf_hash = ?, nodes = ?, time_us = ? WHERE ledger_id = 'red-mesa' AND seq = ?"),
			raw, leaf, nodes, ev.Time.UnixMicro(), en.Seq); err != nil {
			t.Fatal(err)
		}
	}
}

func testRebuild(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	Seed(t, e.DB)
	ctx := context.Background()
	pool := e.DB.WritePool()
	for _, s := range []string{"DELETE FROM role_grants", "DELETE FROM people WHERE name = 'Jack Brennan'", "UPDATE productions SET name = 'Rust'"} {
		if _, err := pool.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	rep, _ := e.DB.Verify(ctx, e.Signer.Verifier(), "red-mesa")
	if rep.OK() {
		t.Fatal("verify missed damaged projections")
	}
	if err := e.DB.Rebuild(ctx, "red-mesa"); err != nil {
		t.Fatal(err)
	}
	verifyOK(t, e)
	if p, _ := e.DB.Production(ctx, "red-mesa"); p.Name != "Red Mesa" {
		t.Fatalf("rebuilt name %q", p.Name)
	}
	// The writer carries on from the rebuilt state.
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "After"}}))
	verifyOK(t, e)
}

func testTriggers(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	Seed(t, e.DB)
	if _, err := e.DB.SignCheckpoint(context.Background(), "red-mesa"); err != nil {
		t.Fatal(err)
	}
	changes := []string{
		"UPDATE ledger SET actor = 'x' WHERE seq = 1",
		"DELETE FROM ledger WHERE seq = 9",
		"UPDATE checkpoints SET size = 1",
		"DELETE FROM checkpoints",
		"DELETE FROM ledger",
	}
	if e.DB.Dialect().Name() == "postgres" {
		changes = append(changes, "TRUNCATE ledger", "TRUNCATE checkpoints")
	}
	for _, s := range changes {
		if _, err := e.DB.WritePool().Exec(s); err == nil || !strings.Contains(err.Error(), "evidence") {
			t.Errorf("%s: %v", s, err)
		}
	}
	verifyOK(t, e)
}

// testRewrittenHistory plays someone with the database but not the key: they
// change an old entry, recompute every hash after it so that the ledger is
// consistent again, and remove the checkpoints that would show the change.
// A server must then refuse to write to the ledger or sign it.
func testRewrittenHistory(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	Seed(t, e.DB)
	ctx := context.Background()
	e.DB.Close() // the server stops, having signed what it wrote
	tamperer := e.Backend.Open(t, e.Location, sqldb.Config{})
	pool := tamperer.WritePool()
	b.AllowTampering(t, pool)
	rewriteEntries(t, tamperer, pool, 4, func(ev *setsafe.Event) { ev.Body.(*setsafe.PersonAdded).Name = "Someone Else" })
	if _, err := pool.Exec("DELETE FROM checkpoints WHERE ledger_id = 'red-mesa'"); err != nil {
		t.Fatal(err)
	}
	tamperer.Close()

	db := e.Reopen(t) // a server starting on the rewritten database
	_, err := db.Append(ctx, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "After"}}))
	if setsafe.ErrorCode(err) != setsafe.EConflict || !strings.Contains(setsafe.ErrorMessage(err), "no longer matches") {
		t.Fatalf("a write to the rewritten ledger: %v", err)
	}
	if _, err := db.SignCheckpoint(ctx, "red-mesa"); setsafe.ErrorCode(err) != setsafe.EConflict {
		t.Fatalf("signing the rewritten ledger: %v", err)
	}
	if _, err := db.LatestCheckpoint(ctx, "red-mesa"); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("the rewritten ledger got a checkpoint: %v", err)
	}
	// The other ledgers carry on.
	MustAppend(t, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAccount{ID: setsafe.NewID(), Email: "late@example.com", Name: "Late"}))
}

// testOlderCopy plays a restore from an older copy: the database lacks the
// newest entries and their checkpoints, which the file beside the key still
// holds. The server refuses to number new entries over the lost ones until
// the file is moved aside.
func testOlderCopy(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	Seed(t, e.DB)
	ctx := context.Background()
	if _, err := e.DB.SignCheckpoint(ctx, "red-mesa"); err != nil {
		t.Fatal(err)
	}
	e.DB.Close()
	older := e.Backend.Open(t, e.Location, sqldb.Config{})
	b.AllowTampering(t, older.WritePool())
	for _, stmt := range []string{"DELETE FROM checkpoints WHERE ledger_id = 'red-mesa' AND size > 7", "DELETE FROM ledger WHERE ledger_id = 'red-mesa' AND seq > 7"} {
		if _, err := older.WritePool().Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	older.Close()

	db := e.Reopen(t)
	add := setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "After the restore"}})
	if _, err := db.Append(ctx, add); setsafe.ErrorCode(err) != setsafe.EConflict {
		t.Fatalf("a write to the older copy: %v", err)
	}
	rep, err := db.Verify(ctx, e.Signer.Verifier(), "red-mesa")
	if err != nil || rep.OK() || !strings.Contains(fmt.Sprint(rep.Problems), "entries 8 to 9 were removed, or the database was restored from an older copy") {
		t.Fatalf("verify of the older copy: %v %v", rep.Problems, err)
	}
	db.Close()

	// The operator moves the file aside; the server carries on from the
	// copy (whose projections, in this play, must be rebuilt first).
	kept, err := ledger.OpenCheckpointFile(filepath.Join(t.TempDir(), "new.checkpoints"))
	if err != nil {
		t.Fatal(err)
	}
	e.Kept = kept
	e.DB = e.Reopen(t)
	if err := e.DB.Rebuild(ctx, "red-mesa"); err != nil {
		t.Fatal(err)
	}
	if evs := MustAppend(t, e.DB, add); evs[0].Seq != 8 {
		t.Fatalf("the first entry after the restore is %d, want 8", evs[0].Seq)
	}
	verifyOK(t, e)
}

package witnessing_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/setsafe/setsafe/tlogwitness/witnesstest"
	"github.com/setsafe/setsafe/witness"
	"github.com/setsafe/setsafe/witnessing"
	"golang.org/x/mod/sumdb/note"
)

// counts is an Observer that counts.
type counts struct {
	mu                          sync.Mutex
	cosigned, refused, failures map[string]int
}

func newCounts() *counts {
	return &counts{cosigned: map[string]int{}, refused: map[string]int{}, failures: map[string]int{}}
}

func (c *counts) WitnessCosigned(w string)     { c.add(c.cosigned, w) }
func (c *counts) WitnessRefused(w string)      { c.add(c.refused, w) }
func (c *counts) WitnessSubmitFailed(w string) { c.add(c.failures, w) }
func (c *counts) add(m map[string]int, w string) {
	c.mu.Lock()
	m[w]++
	c.mu.Unlock()
}
func (c *counts) get(m map[string]int, w string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return m[w]
}

// production is red-mesa with real witnesses configured and cosigning.
type production struct {
	e         *storagetest.Env
	ids       map[string]string
	witnesses []*witnesstest.Witness
	obs       *counts
	sub       *witnessing.Submitter
}

func newProduction(t *testing.T, b storagetest.Backend, n int) *production {
	t.Helper()
	p := &production{e: storagetest.NewEnv(t, b), obs: newCounts()}
	p.ids = storagetest.Seed(t, p.e.DB)
	origin := ledger.Origin(p.e.Signer.Name(), "red-mesa")
	for i := range n {
		w := witnesstest.Start(t, fmt.Sprintf("witness.example/w%d", i+1))
		w.AddLog(t, origin, p.e.Signer.VerifierKey())
		p.witnesses = append(p.witnesses, w)
		storagetest.MustAppend(t, p.e.DB, setsafe.On("red-mesa", storagetest.Operator, witness.AddWitness{URL: w.URL, Key: w.VerifierKey, By: p.ids["producer"]}))
	}
	storagetest.MustAppend(t, p.e.DB, setsafe.On("red-mesa", storagetest.Operator, witness.SetQuorum{Quorum: n, By: p.ids["producer"]}))
	p.newSubmitter()
	return p
}

func (p *production) newSubmitter() {
	p.sub = witnessing.New(witnessing.Config{Store: p.e.DB, Time: p.e.Clock, Observer: p.obs})
}

// addPeople appends n entries to red-mesa.
func (p *production) addPeople(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		storagetest.MustAppend(t, p.e.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: storagetest.Name(i)}}))
	}
}

// submit signs red-mesa as it stands and submits its checkpoint.
func (p *production) submit(t *testing.T) ledger.Checkpoint {
	t.Helper()
	cp, err := p.e.DB.SignCheckpoint(context.Background(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	p.sub.Pass(context.Background())
	return cp
}

// cosigned checks that every witness cosigned cp, that the cosignatures
// are stored and verify, and that the kept copy beside the key carries them.
func (p *production) cosigned(t *testing.T, cp ledger.Checkpoint, times int) {
	t.Helper()
	ctx := context.Background()
	all, err := p.e.DB.Cosignatures(ctx, "red-mesa", cp.Size)
	cs := all[cp.Size]
	if err != nil || len(cs) != len(p.witnesses) {
		t.Fatalf("cosignatures of size %d: %v, %v; want one by each of %d witnesses", cp.Size, cs, err, len(p.witnesses))
	}
	kept, _ := p.e.Kept.Latest("red-mesa")
	for _, w := range p.witnesses {
		if got := w.Seen(t, ledger.Origin(p.e.Signer.Name(), "red-mesa")); got != int64(cp.Size) {
			t.Errorf("witness %s saw size %d, want %d", w.Name, got, cp.Size)
		}
		v, err := evidence.NewCosignatureVerifier(w.VerifierKey)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := note.Open(kept, note.VerifierList(v)); err != nil {
			t.Errorf("the checkpoint kept beside the key carries no valid cosignature of %s: %v\n%s", w.Name, err, kept)
		}
		if got := p.obs.get(p.obs.cosigned, w.Name); got != times {
			t.Errorf("cosignatures counted of %s: %d, want %d", w.Name, got, times)
		}
	}
}

func TestCosigned(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			p := newProduction(t, b, 2)
			cp := p.submit(t)
			p.cosigned(t, cp, 1)
			verifyOK(t, p)
			// The next checkpoint extends it, by a consistency proof.
			p.addPeople(t, 5)
			cp2 := p.submit(t)
			if cp2.Size != cp.Size+5 {
				t.Fatalf("size %d, want %d", cp2.Size, cp.Size+5)
			}
			p.cosigned(t, cp2, 2)
			// Nothing new: nothing is sent again.
			p.sub.Pass(context.Background())
			p.cosigned(t, cp2, 2)
			verifyOK(t, p)
		})
	}
}

// Each tampering leaves the ledger short of, or different from, what the
// witnesses cosigned; with the checkpoints file beside the key deleted too,
// only the witnesses can tell.
func TestRefused(t *testing.T) {
	tests := []struct {
		name string
		// tamper changes the database, whose first cosigned checkpoint is at
		// size first and last at size last.
		tamper     func(t *testing.T, p *production, pool tamperer, first, last uint64)
		wantStatus int
		wantVerify string
	}{
		{"newest entries removed", func(t *testing.T, p *production, pool tamperer, first, last uint64) {
			pool.exec(t, "DELETE FROM checkpoints WHERE ledger_id = 'red-mesa' AND size > ?", first+1)
			pool.exec(t, "DELETE FROM ledger WHERE ledger_id = 'red-mesa' AND seq > ?", first+1)
		}, 409, "which this ledger no longer reaches"},
		{"restored from an older copy", func(t *testing.T, p *production, pool tamperer, first, last uint64) {
			pool.exec(t, "DELETE FROM checkpoints WHERE ledger_id = 'red-mesa' AND size > ?", first+1)
			pool.exec(t, "DELETE FROM ledger WHERE ledger_id = 'red-mesa' AND seq > ?", first+1)
			pool.exec(t, "DELETE FROM cosignatures WHERE ledger_id = 'red-mesa' AND size > ?", first+1)
		}, 409, "which refused it (see the witness.refused alarm)"},
		{"rewritten and signed again", func(t *testing.T, p *production, pool tamperer, first, last uint64) {
			storagetest.RewriteEntries(t, pool.db, pool.pool, 4, func(ev *setsafe.Event) { ev.Body.(*setsafe.PersonAdded).Name = "Someone Else" })
			pool.exec(t, "DELETE FROM checkpoints WHERE ledger_id = 'red-mesa'")
		}, 422, "entries were rewritten and signed again"},
	}
	for _, b := range storagetest.Backends() {
		for _, tt := range tests {
			t.Run(b.Name+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				p := newProduction(t, b, 1)
				first := p.submit(t)
				p.addPeople(t, 4)
				last := p.submit(t)
				p.cosigned(t, last, 2)

				// The server stops; someone with the database and the key
				// changes it, and deletes the checkpoints file beside the key.
				p.e.DB.Close()
				db := b.Open(t, p.e.Location, sqldb.Config{})
				b.AllowTampering(t, db.WritePool())
				b.AllowRemovingCosignatures(t, db.WritePool())
				tt.tamper(t, p, tamperer{db: db, pool: db.WritePool()}, first.Size, last.Size)
				db.Close()
				kept, err := ledger.OpenCheckpointFile(filepath.Join(t.TempDir(), "new.checkpoints"))
				if err != nil {
					t.Fatal(err)
				}
				p.e.Kept = kept
				p.e.DB = p.e.Reopen(t) // signs what it finds, with the key
				if err := p.e.DB.Rebuild(ctx, "red-mesa"); err != nil {
					t.Fatal(err)
				}
				p.newSubmitter()
				p.addPeople(t, 1)
				cp := p.submit(t)

				w := p.witnesses[0]
				st, err := p.e.DB.LedgerState(ctx, "red-mesa")
				if err != nil {
					t.Fatal(err)
				}
				r := witness.OpenRefusal(st, w.Name)
				if r == nil {
					t.Fatalf("no refusal of %s in the ledger after submitting size %d", w.Name, cp.Size)
				}
				if r.Status != int64(tt.wantStatus) || uint64(r.Size) != cp.Size {
					t.Errorf("refusal %+v, want status %d at size %d", r, tt.wantStatus, cp.Size)
				}
				if got := p.obs.get(p.obs.refused, w.Name); got != 1 {
					t.Errorf("refusals counted: %d, want 1", got)
				}
				if got := w.Seen(t, ledger.Origin(p.e.Signer.Name(), "red-mesa")); got != int64(last.Size) {
					t.Errorf("the witness moved to size %d, want it to stay at %d", got, last.Size)
				}
				if cs, _ := p.e.DB.Cosignatures(ctx, "red-mesa", cp.Size); len(cs[cp.Size]) != 0 {
					t.Errorf("cosignatures stored of a refused checkpoint: %v", cs)
				}
				// A refusing witness is asked again only after a while, and
				// one refusal stays one alarm.
				p.sub.Pass(ctx)
				if got := p.obs.get(p.obs.refused, w.Name); got != 1 {
					t.Errorf("refusals counted before the retry is due: %d, want 1", got)
				}
				p.e.Clock.Advance(time.Minute)
				p.submit(t)
				if got := p.obs.get(p.obs.refused, w.Name); got != 2 {
					t.Errorf("refusals counted after the retry: %d, want 2", got)
				}
				st, _ = p.e.DB.LedgerState(ctx, "red-mesa")
				if n := len(witness.Refusals(st)); n != 1 {
					t.Errorf("%d refusals in the ledger, want 1", n)
				}
				verifyFails(t, p, tt.wantVerify)
			})
		}
	}
}

type tamperer struct {
	db   *sqldb.DB
	pool *sql.DB
}

func (p tamperer) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := p.pool.Exec(p.db.Dialect().Rebind(query), args...); err != nil {
		t.Fatalf("tamper: %s: %v", query, err)
	}
}

// witnessCheck holds verification to the production's witnesses, by the
// keys the test knows, as setsafe verify --witness does.
func (p *production) witnessCheck(t *testing.T) ledger.WitnessCheck {
	t.Helper()
	w := ledger.WitnessCheck{
		Witnessed: func(s *setsafe.State, name string) bool { return witness.Find(s, name) != nil },
		Refused:   func(s *setsafe.State, name string) bool { return witness.OpenRefusal(s, name) != nil },
	}
	for _, x := range p.witnesses {
		v, err := evidence.NewCosignatureVerifier(x.VerifierKey)
		if err != nil {
			t.Fatal(err)
		}
		w.Verifiers = append(w.Verifiers, v)
	}
	return w
}

func verifyOK(t *testing.T, p *production) {
	t.Helper()
	rep, err := p.e.DB.VerifyWitnessed(context.Background(), p.e.Signer.Verifier(), "", p.witnessCheck(t))
	if err != nil || !rep.OK() {
		t.Fatalf("verify with the witnesses: %v %v", rep.Problems, err)
	}
}

func verifyFails(t *testing.T, p *production, want string) {
	t.Helper()
	rep, err := p.e.DB.VerifyWitnessed(context.Background(), p.e.Signer.Verifier(), "red-mesa", p.witnessCheck(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range rep.Problems {
		if pr.Kind == ledger.ProblemWitness && strings.Contains(pr.What, want) {
			t.Logf("verify: %s", pr)
			return
		}
	}
	t.Fatalf("verify with the witnesses: want a problem saying %q; got %v", want, rep.Problems)
}

// TestRun checks the submitter as the server runs it: the writer signs
// after a burst of writes and says so, and the checkpoint is cosigned
// without anyone asking.
func TestRun(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			p := newProduction(t, b, 2)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				witnessing.New(witnessing.Config{Store: p.e.DB, Time: p.e.Clock, Observer: p.obs, Every: time.Hour}).Run(ctx)
			}()
			defer func() { cancel(); <-done }()
			for round := range 3 {
				p.addPeople(t, 3)
				size, err := p.e.DB.LedgerSize(ctx, "red-mesa")
				if err != nil {
					t.Fatal(err)
				}
				deadline := time.Now().Add(20 * time.Second)
				for {
					all, err := p.e.DB.Cosignatures(ctx, "red-mesa", uint64(size))
					if err != nil {
						t.Fatal(err)
					}
					cs := all[uint64(size)]
					if len(cs) == len(p.witnesses) {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("round %d: the checkpoint at size %d was not cosigned by both witnesses within 20 s: %v", round, size, cs)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
		})
	}
}

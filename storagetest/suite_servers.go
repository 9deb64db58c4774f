package storagetest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
)

// This file holds the tests of several servers sharing one database: each
// keeps ledger states in memory, and each must answer for every ledger as
// if it had none.

// StateReads is an sqldb.Observer that counts the ledger states read into
// memory, by who needed them and from what.
type StateReads struct {
	sqldb.Observer
	mu     sync.Mutex
	counts map[[2]string]int
}

// NewStateReads returns a counter with no reads.
func NewStateReads() *StateReads {
	return &StateReads{Observer: &CommitCounter{}, counts: map[[2]string]int{}}
}

// StateRead implements sqldb.Observer.
func (r *StateReads) StateRead(by, from string) {
	r.mu.Lock()
	r.counts[[2]string{by, from}]++
	r.mu.Unlock()
}

// Count returns how many states by read from from.
func (r *StateReads) Count(by, from string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[[2]string{by, from}]
}

// server opens another handle on the environment's database, as another
// server would, counting the states it reads.
func (e *Env) server(t *testing.T) (*sqldb.DB, *StateReads) {
	reads := NewStateReads()
	cfg := e.Config()
	cfg.Observer = reads
	return e.Backend.Open(t, e.Location, cfg), reads
}

// sameState fails the test unless two states hold the same rows at the
// same size.
func sameState(t *testing.T, what string, got, want *setsafe.State) {
	t.Helper()
	if got.Size != want.Size || !got.LastTime.Equal(want.LastTime) {
		t.Fatalf("%s: state at %d (%s), want %d (%s)", what, got.Size, got.LastTime, want.Size, want.LastTime)
	}
	for _, r := range setsafe.RowTypes() {
		g, w := got.Rows(r.Table()), want.Rows(r.Table())
		if len(g) != len(w) {
			t.Fatalf("%s: %d rows in %s, want %d", what, len(g), r.Table(), len(w))
		}
		for i := range g {
			if !reflect.DeepEqual(g[i], w[i]) {
				t.Fatalf("%s: %s row %s is %+v, want %+v", what, r.Table(), w[i].Key(), g[i], w[i])
			}
		}
	}
}

// testReadersSeeEveryWrite has two servers write to one production in
// turn, and checks after each write that both read the state as the
// tables of a server that keeps nothing in memory hold it.
func testReadersSeeEveryWrite(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	other, _ := e.server(t)
	servers := []*sqldb.DB{e.DB, other}
	for i := range 12 {
		by := servers[i%2]
		MustAppend(t, by, setsafe.On("red-mesa", Operator, setsafe.UpdatePerson{ID: ids["cast"],
			PersonChanges: setsafe.PersonChanges{JobTitle: new(Name(i))}}))
		if i%3 == 0 {
			MustAppend(t, by, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}}))
		}
		fresh, _ := e.server(t)
		want, err := fresh.LedgerState(ctx, "red-mesa")
		if err != nil {
			t.Fatal(err)
		}
		if p := want.Person(ids["cast"]); p.JobTitle != Name(i) {
			t.Fatalf("write %d: the tables say %q", i, p.JobTitle)
		}
		for j, db := range servers {
			st, err := db.LedgerState(ctx, "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			sameState(t, fmt.Sprintf("server %d after write %d", j+1, i+1), st, want)
		}
	}
	verifyOK(t, e)
}

// testTwoServersCatchUp has two servers write to one production at once,
// their requests interleaving, and checks that each brings its states up
// to date from the entries the other wrote rather than reading them whole
// again, and that the ledger holds every acknowledged write once.
func testTwoServersCatchUp(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	first, firstReads := e.server(t)
	second, secondReads := e.server(t)
	var wg sync.WaitGroup
	var written atomic.Int64
	errs := make(chan error, 64)
	for _, db := range []*sqldb.DB{first, second} {
		for w := range 8 {
			wg.Go(func() {
				for i := range 12 {
					_, err := db.Append(ctx, setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]),
						setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(w*100 + i)}}))
					if err != nil {
						errs <- err
						return
					}
					written.Add(1)
					if i%4 == 0 {
						// Readers go through the whole state while the
						// writer goes on from it.
						st, err := db.LedgerState(ctx, "red-mesa")
						if err == nil {
							_, err = st.Situation(st.DecisionTime(db.Clock().Now()))
						}
						if err != nil {
							errs <- err
							return
						}
						for _, p := range st.People() {
							if p.Name == "" || st.Person(p.ID) != p {
								errs <- fmt.Errorf("person %s read back as %+v", p.ID, st.Person(p.ID))
								return
							}
						}
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// One server may have had the database to itself for a while: make
	// sure each writes after the other.
	for i := range 6 {
		MustAppend(t, []*sqldb.DB{first, second}[i%2], setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]),
			setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(1000 + i)}}))
		written.Add(1)
	}
	for i, reads := range []*StateReads{firstReads, secondReads} {
		// Once each for the production and the site, when first used.
		if n := reads.Count("writer", "tables") + reads.Count("reader", "tables"); n > 2 {
			t.Errorf("server %d read states whole from the tables %d times", i+1, n)
		}
		if reads.Count("writer", "entries") == 0 {
			t.Errorf("server %d's writer never read the other's entries", i+1)
		}
		// Tables are read before the ledger's lock is taken, never under it.
		if n := reads.Count("writer", "tables"); n > 0 {
			t.Errorf("server %d's writer read states whole from the tables under their lock %d times", i+1, n)
		}
	}
	people, err := e.DB.People(ctx, "red-mesa")
	if err != nil || int64(len(people)) != 4+written.Load() {
		t.Fatalf("%d people for %d acknowledged additions: %v", len(people), written.Load(), err)
	}
	verifyOK(t, e)
}

// testRoutedByProduction is how a load balancer should send requests to
// several servers: each production's to one server, so that its states
// stay current in that server's memory and nobody reads another's entries.
// Any server still answers for any production: a request sent elsewhere
// reads what it lacks from the database first.
func testRoutedByProduction(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ctx := context.Background()
	MustAppend(t, e.DB, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: "dry-gulch", Name: "Dry Gulch", TimeZone: "UTC"}))
	MustAppend(t, e.DB, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: "red-rock", Name: "Red Rock", TimeZone: "UTC"}))
	first, firstReads := e.server(t)
	second, secondReads := e.server(t)
	route := map[string]*sqldb.DB{"dry-gulch": first, "red-rock": second}
	write := func(db *sqldb.DB, prod string, i int) string {
		id := setsafe.NewID()
		MustAppend(t, db, setsafe.On(prod, Operator, setsafe.AddPerson{ID: id, PersonDetails: setsafe.PersonDetails{Name: Name(i)}}))
		return id
	}
	for i := range 10 {
		for prod, db := range route {
			id := write(db, prod, i)
			st, err := db.LedgerState(ctx, prod)
			if err != nil || st.Person(id) == nil {
				t.Fatalf("%s: the server that wrote %s does not read it: %v", prod, id, err)
			}
		}
	}
	for i, reads := range []*StateReads{firstReads, secondReads} {
		if n := reads.Count("writer", "entries") + reads.Count("reader", "entries"); n > 0 {
			t.Errorf("server %d read %d times the entries of another server, though each production goes to one", i+1, n)
		}
		if n := reads.Count("writer", "tables") + reads.Count("reader", "tables"); n > 2 {
			t.Errorf("server %d read its production's state and the site's whole %d times", i+1, n)
		}
	}
	// A request sent to the other server, as when the first goes down.
	id := write(second, "dry-gulch", 99)
	for _, db := range []*sqldb.DB{first, second} {
		st, err := db.LedgerState(ctx, "dry-gulch")
		if err != nil || st.Person(id) == nil || st.Size != 12 {
			t.Fatalf("a write through the other server is not read back: %v", err)
		}
	}
	id = write(first, "dry-gulch", 100)
	if st, err := second.LedgerState(ctx, "dry-gulch"); err != nil || st.Person(id) == nil {
		t.Fatalf("the first server's next write is not read back by the second: %v", err)
	}
	verifyOK(t, e)
}

// testStatesKeptWithinTheirMemory gives the states kept in memory room for
// about one production, writes to two in turn on one server and reads them
// in turn on another, and checks that each is read again from the tables
// when the other took its place; with room for both, each is read once.
func testStatesKeptWithinTheirMemory(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ctx := context.Background()
	prods := []string{"dry-gulch", "red-rock"}
	for _, p := range prods {
		MustAppend(t, e.DB, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: p, Name: p, TimeZone: "UTC"}))
		for i := range 40 {
			MustAppend(t, e.DB, setsafe.On(p, Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}}))
		}
	}
	st, err := e.DB.LedgerState(ctx, prods[0])
	if err != nil {
		t.Fatal(err)
	}
	one := st.Bytes()
	open := func(room int64) (*sqldb.DB, *StateReads) {
		reads := NewStateReads()
		cfg := e.Config()
		cfg.Observer, cfg.CacheBytes = reads, room
		return e.Backend.Open(t, e.Location, cfg), reads
	}
	for _, tc := range []struct {
		room  int64
		reads int
	}{{one * 3 / 2, 8}, {one * 4, 2}} {
		writer, writes := open(tc.room)
		reader, reads := open(tc.room)
		for i := range 8 {
			p := prods[i%2]
			MustAppend(t, writer, setsafe.On(p, Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Late " + Name(i)}}))
			if _, err := reader.LedgerState(ctx, p); err != nil {
				t.Fatal(err)
			}
			// A production waiting for its checkpoint stays in memory.
			time.Sleep(4 * e.Config().CheckpointIdle)
		}
		// The site's state stays; each production's is read when first
		// used, and again after the other took its place.
		if n := writes.Count("writer", "tables") + writes.Count("reader", "tables") - 1; n != tc.reads {
			t.Errorf("with room for %d bytes (a production takes %d), the writer read productions from the tables %d times, want %d", tc.room, one, n, tc.reads)
		}
		if n := reads.Count("reader", "tables"); n != tc.reads {
			t.Errorf("with room for %d bytes (a production takes %d), readers read productions from the tables %d times, want %d", tc.room, one, n, tc.reads)
		}
	}
}

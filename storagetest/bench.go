package storagetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
)

// BenchProduction is the production benchmarks write to.
const BenchProduction = "big-show"

// BenchCrew is how many people the benchmark production has. Its ledger
// grows by changes to them, as a real production's grows by the custody of a
// bounded number of firearms.
const BenchCrew = 1000

// ServerGC sets the garbage collector as setsafe serve sets it (unless
// GOGC is set) until the benchmark ends, so that benchmarks measure what
// the server does.
func ServerGC(tb testing.TB) {
	if os.Getenv("GOGC") != "" {
		return
	}
	old := debug.SetGCPercent(sqldb.GCPercent)
	tb.Cleanup(func() { debug.SetGCPercent(old) })
}

// PrepareBench creates the benchmark production with its crew in an empty
// database and returns the crew's IDs.
func PrepareBench(tb testing.TB, db *sqldb.DB) []string {
	tb.Helper()
	ServerGC(tb)
	MustAppend(tb, db, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{
		ID: BenchProduction, Name: "Big Show", Location: "Albuquerque, New Mexico", TimeZone: "America/Denver"}))
	ids := make([]string, BenchCrew)
	for i := range ids {
		ids[i] = setsafe.NewID()
	}
	err := appendMany(db, BenchCrew, func(i int) setsafe.Request {
		return setsafe.On(BenchProduction, Operator, setsafe.AddPerson{ID: ids[i], Roles: []setsafe.Role{setsafe.RoleCrew},
			PersonDetails: setsafe.PersonDetails{Name: Name(i), Department: "Grip", JobTitle: "Grip", Email: fmt.Sprintf("crew%d@example.com", i), Phone: "+1 505 555 0100"}})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// BenchChange returns the n-th change of the benchmark's stream, to one
// crew member: a new call time, as a crew list changes all day. Each is one
// event of a little over 250 bytes.
func BenchChange(ids []string, person, n int64) setsafe.Request {
	i := int(person % int64(len(ids)))
	return setsafe.On(BenchProduction, Operator, setsafe.UpdatePerson{ID: ids[i], PersonChanges: setsafe.PersonChanges{
		Name: new(Name(i)), Department: new("Grip"), JobTitle: new(fmt.Sprintf("Grip, call %d", n)), Email: new(fmt.Sprintf("crew%d@example.com", i)), Phone: new("+1 505 555 0100")}})
}

// CommitCounter is an sqldb.Observer that counts commits and events, to
// report how many events each commit carried.
type CommitCounter struct {
	commits, events atomic.Int64
}

// Committed implements sqldb.Observer.
func (c *CommitCounter) Committed(_, events int, _ time.Duration) {
	c.commits.Add(1)
	c.events.Add(int64(events))
}

// Appended implements sqldb.Observer.
func (*CommitCounter) Appended(string, int) {}

// VerifyFailed implements sqldb.Observer.
func (*CommitCounter) VerifyFailed(string) {}

// VerifyPassed implements sqldb.Observer.
func (*CommitCounter) VerifyPassed(string) {}

// StateRead implements sqldb.Observer.
func (*CommitCounter) StateRead(string, string) {}

// Reset forgets what was counted.
func (c *CommitCounter) Reset() {
	c.commits.Store(0)
	c.events.Store(0)
}

// PerCommit returns the mean number of events per commit.
func (c *CommitCounter) PerCommit() float64 {
	if n := c.commits.Load(); n > 0 {
		return float64(c.events.Load()) / float64(n)
	}
	return 0
}

// BenchEntry returns the entry bytes of a typical benchmark change, to
// compare appends with bare inserts of the same bytes.
func BenchEntry(tb testing.TB) []byte {
	ids := []string{setsafe.NewID()}
	req := BenchChange(ids, 0, 123456)
	c := req.Steps[0].Command.(setsafe.UpdatePerson)
	e, err := ledger.EncodeEntry(setsafe.Event{Ledger: BenchProduction, Seq: 123456, Time: time.Now(), Actor: Operator,
		Body: &setsafe.PersonUpdated{ID: c.ID, Name: *c.Name, Department: *c.Department, JobTitle: *c.JobTitle, Email: *c.Email, Phone: *c.Phone}})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// changes numbers the benchmark's changes, so that no two are alike: a
// change that changes nothing would append nothing.
var changes atomic.Int64

// Spread says which crew members a stream of changes goes to.
type Spread int

const (
	// OwnPerson: each writer changes one crew member of its own, as each of
	// 64 phones or tablets acts on its own person or firearm.
	OwnPerson Spread = iota
	// EveryPerson: each change goes to the next of the whole crew, so that
	// a batch touches as many different rows (and pages) as it can.
	EveryPerson
)

// Stream appends changes from the given number of goroutines, each waiting
// for its own acknowledgement, until total changes are appended.
func Stream(tb testing.TB, db *sqldb.DB, ids []string, writers int, total int64, spread Spread) {
	tb.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for next.Add(1) <= total {
				n := changes.Add(1)
				person := n
				if spread == OwnPerson {
					person = int64(w)
				}
				if _, err := db.Append(context.Background(), BenchChange(ids, person, n)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// Change appends one change to a crew member, by one writer.
func Change(tb testing.TB, db *sqldb.DB, ids []string, person int64) {
	n := changes.Add(1)
	if _, err := db.Append(context.Background(), BenchChange(ids, person, n)); err != nil {
		tb.Fatal(err)
	}
}

// LargeLedger is a SQLite database whose benchmark production has a given
// number of entries, with its signing key and a producer's API token.
type LargeLedger struct {
	Path    string
	KeyPath string
	// Token is an API token of an account that is a producer of the
	// benchmark production.
	Token string
}

// BuildLargeLedger returns a SQLite database with about entries entries in
// the benchmark production. Building a million takes a minute, so databases
// are kept in SETSAFE_BENCH_CACHE (default: the system's temporary
// directory) and reused; callers that write must work on a copy.
func BuildLargeLedger(tb testing.TB, entries int64) LargeLedger {
	tb.Helper()
	dir := os.Getenv("SETSAFE_BENCH_CACHE")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "setsafe-bench")
	}
	dir = filepath.Join(dir, fmt.Sprintf("ledger-%d-v2", entries))
	l := LargeLedger{Path: filepath.Join(dir, "setsafe.db"), KeyPath: filepath.Join(dir, "setsafe.db.key")}
	if tok, err := os.ReadFile(filepath.Join(dir, "token")); err == nil {
		l.Token = string(tok)
		return l
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	signer, _, err := ledger.LoadOrCreateSigner(l.KeyPath, "setsafe-bench")
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), l.Path, sqlite.Options{Config: sqldb.Config{Signer: signer}})
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	ids := PrepareBench(tb, db)
	acct := setsafe.NewID()
	MustAppend(tb, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAccount{ID: acct, Email: "producer@example.com", Name: "Bench Producer"}))
	MustAppend(tb, db, setsafe.On(BenchProduction, Operator, setsafe.AddPerson{ID: setsafe.NewID(), AccountID: acct,
		Roles: []setsafe.Role{setsafe.RoleProducer}, PersonDetails: setsafe.PersonDetails{Name: "Bench Producer"}}))
	tokID, token, hash := setsafe.NewAPITokenSecret()
	MustAppend(tb, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAPIToken{ID: tokID, AccountID: acct, Name: "bench", SecretHash: hash}))
	size, _ := db.LedgerSize(context.Background(), BenchProduction)
	Stream(tb, db, ids, 256, entries-size, EveryPerson)
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "token"), []byte(token), 0o600); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built a ledger of %d entries in %s at %s", entries, time.Since(start).Round(time.Second), dir)
	l.Token = token
	return l
}

// Interleaved runs two workloads in alternation and keeps their times apart,
// so that their ratio does not depend on how a shared disk behaves from one
// minute to the next.
type Interleaved struct {
	A, B   time.Duration
	NA, NB int64
}

// Time measures one run of f as part of workload A (a is true) or B.
func (iv *Interleaved) Time(a bool, n int64, f func()) {
	start := time.Now()
	f()
	d := time.Since(start)
	if a {
		iv.A += d
		iv.NA += n
	} else {
		iv.B += d
		iv.NB += n
	}
}

// RateA returns workload A's operations per second.
func (iv *Interleaved) RateA() float64 { return float64(iv.NA) / iv.A.Seconds() }

// RateB returns workload B's operations per second.
func (iv *Interleaved) RateB() float64 { return float64(iv.NB) / iv.B.Seconds() }

// GroupCommit runs the group-commit benchmark on a prepared database: in
// alternation, one writer appends 32 events one commit at a time and 64
// writers append 64 × 32 events, each waiting for its own acknowledgement.
func GroupCommit(b *testing.B, db *sqldb.DB, ids []string, counter *CommitCounter, spread Spread) {
	var iv Interleaved
	const each = 32
	for b.Loop() {
		iv.Time(true, each, func() { Stream(b, db, ids, 1, each, spread) })
		counter.Reset()
		iv.Time(false, 64*each, func() { Stream(b, db, ids, 64, 64*each, spread) })
	}
	b.ReportMetric(iv.RateA(), "one-writer-events/s")
	b.ReportMetric(iv.RateB(), "64-writers-events/s")
	b.ReportMetric(iv.RateB()/iv.RateA(), "x")
	b.ReportMetric(counter.PerCommit(), "events/commit")
}

// DurableAppend runs the durable-append benchmark: in alternation, insert
// does a bare insert of a typical entry's bytes, one commit, and one writer
// appends one event, one commit.
func DurableAppend(b *testing.B, db *sqldb.DB, ids []string, insert func()) {
	var iv Interleaved
	for b.Loop() {
		iv.Time(true, 1, insert)
		iv.Time(false, 1, func() { Change(b, db, ids, 0) })
	}
	b.ReportMetric(iv.RateA(), "bare-rows/s")
	b.ReportMetric(iv.RateB(), "events/s")
	b.ReportMetric(100*iv.RateB()/iv.RateA(), "%-of-bare")
}

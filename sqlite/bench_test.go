package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/http/pages"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
	"github.com/setsafe/setsafe/storagetest"
	_ "modernc.org/sqlite"
)

// bareDB is the baseline database: one table of entry bytes, with the same
// durability as the ledger (WAL, full sync on every commit).
func bareDB(b *testing.B) func() {
	path := filepath.Join(b.TempDir(), "bare.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE bare (id INTEGER PRIMARY KEY, entry BLOB NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	entry := storagetest.BenchEntry(b)
	return func() {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO bare (entry) VALUES (?)", entry); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDurableAppend compares, in alternation, a bare insert of a
// typical entry's bytes with a durable append of that event by one writer,
// projections included: one commit each, each synced to disk.
func BenchmarkDurableAppend(b *testing.B) {
	insert := bareDB(b)
	db, ids := benchDB(b, nil)
	storagetest.DurableAppend(b, db, ids, insert)
}

// BenchmarkGroupCommit compares one writer with 64 writers that each wait
// for their own acknowledgement. Each writer changes a crew member of its
// own, or (spread=every) each change goes to another of 1,000.
func BenchmarkGroupCommit(b *testing.B) {
	for _, spread := range []struct {
		name string
		s    storagetest.Spread
	}{{"own", storagetest.OwnPerson}, {"every", storagetest.EveryPerson}} {
		b.Run("spread="+spread.name, func(b *testing.B) {
			counter := &storagetest.CommitCounter{}
			db, ids := benchDB(b, counter)
			storagetest.GroupCommit(b, db, ids, counter, spread.s)
		})
	}
}

// BenchmarkBareInsert is the baseline: one row holding the bytes of a
// typical entry, one row per commit, with the same durability as the ledger
// (WAL, full sync on every commit).
func BenchmarkBareInsert(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bare.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE bare (id INTEGER PRIMARY KEY, entry BLOB NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	entry := storagetest.BenchEntry(b)
	b.SetBytes(int64(len(entry)))
	b.ResetTimer()
	for b.Loop() {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO bare (entry) VALUES (?)", entry); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func benchDB(b testing.TB, obs sqldb.Observer) (*sqldb.DB, []string) {
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "setsafe.db"), sqlite.Options{Config: sqldb.Config{Signer: storagetest.Signer(b), Observer: obs}})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, storagetest.PrepareBench(b, db)
}

// BenchmarkAppend appends changes to one production, each a durable
// commit with its projection, from one writer and from 64 writers that each
// wait for their own acknowledgement (which the writer groups into shared
// commits).
func BenchmarkAppend(b *testing.B) {
	for _, writers := range []int{1, 64} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			counter := &storagetest.CommitCounter{}
			db, ids := benchDB(b, counter)
			b.SetBytes(int64(len(storagetest.BenchEntry(b))))
			counter.Reset()
			b.ResetTimer()
			storagetest.Stream(b, db, ids, writers, int64(b.N), storagetest.OwnPerson)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(counter.PerCommit(), "events/commit")
		})
	}
}

// BenchmarkVerify verifies a whole database whose production has 100,000 and
// 1,000,000 entries, and reports the peak memory, which must not grow with
// the ledger.
func BenchmarkVerify(b *testing.B) {
	for _, n := range []int64{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			l := storagetest.BuildLargeLedger(b, n)
			signer, err := ledger.LoadSigner(l.KeyPath)
			if err != nil {
				b.Fatal(err)
			}
			db, err := sqlite.Open(context.Background(), l.Path, sqlite.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			runtime.GC()
			peak := storagetest.WatchMemory()
			b.ResetTimer()
			for b.Loop() {
				rep, err := db.Verify(context.Background(), signer.Verifier(), "")
				if err != nil || !rep.OK() {
					b.Fatalf("verify: %v %v", err, rep.Problems)
				}
			}
			b.StopTimer()
			peak.Stop()
			b.ReportMetric(float64(peak.Heap)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(peak.Resident)/(1<<20), "peak-rss-MB")
		})
	}
}

// BenchmarkInclusionProofHTTP asks the API for inclusion proofs of random
// entries of a 1,000,000-entry production, one request at a time, and
// reports the median and 99th percentile latency.
func BenchmarkInclusionProofHTTP(b *testing.B) {
	l := storagetest.BuildLargeLedger(b, 1_000_000)
	signer, err := ledger.LoadSigner(l.KeyPath)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), l.Path, sqlite.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	srv, err := sshttp.New(sshttp.Config{Ledger: db, Records: db, Credentials: db, Armory: db, Sessions: db.Sessions(),
		Logger: slog.New(slog.DiscardHandler), VerifierKey: signer.VerifierKey()}, api.Mount, pages.Mount)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	cp, err := db.LatestCheckpoint(context.Background(), storagetest.BenchProduction)
	if err != nil {
		b.Fatal(err)
	}
	client := ts.Client()
	get := func(seq int64) {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/ledgers/%s/proof/inclusion?seq=%d&size=%d", ts.URL, storagetest.BenchProduction, seq, cp.Size), nil)
		req.Header.Set("Authorization", "Bearer "+l.Token)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("proof of %d: %d", seq, resp.StatusCode)
		}
	}
	for range 100 { // warm the connection and the page cache
		get(rand.Int64N(int64(cp.Size)) + 1)
	}
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		seq := rand.Int64N(int64(cp.Size)) + 1
		start := time.Now()
		get(seq)
		d := time.Since(start)
		mu.Lock()
		lat = append(lat, d)
		mu.Unlock()
	}
	b.ReportMetric(float64(storagetest.Percentile(lat, 50).Microseconds()), "p50-µs")
	b.ReportMetric(float64(storagetest.Percentile(lat, 99).Microseconds()), "p99-µs")
	_ = setsafe.SiteLedger
}

// BenchmarkStudioView counts 100 productions' last 90 days for a studio's
// view on SQLite.
func BenchmarkStudioView(b *testing.B) {
	e := storagetest.NewEnv(b, storagetest.SQLite())
	ids := storagetest.StudioHistory(b, e, 100, 90)
	storagetest.BenchStudio(b, e, ids, 90)
}

package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkExportBundle exports the whole ledger of a production of
// 100,000 and of 1,000,000 entries as an evidence bundle, whole and for a
// third party (every entry of the benchmark's is a person's details, and
// withheld), then verifies the bundle as verify-bundle does. It reports
// each one's time and the peak memory of each, which must not grow with
// the ledger.
func BenchmarkExportBundle(b *testing.B) {
	for _, n := range []int64{100_000, 1_000_000} {
		for _, third := range []bool{false, true} {
			name := fmt.Sprintf("entries=%d/for=all", n)
			if third {
				name = fmt.Sprintf("entries=%d/for=third-party", n)
			}
			b.Run(name, func(b *testing.B) {
				l := storagetest.BuildLargeLedger(b, n)
				signer, err := ledger.LoadSigner(l.KeyPath)
				if err != nil {
					b.Fatal(err)
				}
				db, err := sqlite.Open(context.Background(), l.Path, sqlite.Options{ReadOnly: true, Config: sqldb.Config{Signer: signer}})
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				var exportTime, verifyTime time.Duration
				var exportHeap, verifyHeap, exportRSS, verifyRSS uint64
				var size int64
				for b.Loop() {
					path := filepath.Join(b.TempDir(), "bundle.zip")
					runtime.GC()
					peak := storagetest.WatchMemory()
					start := time.Now()
					f, err := os.Create(path)
					if err != nil {
						b.Fatal(err)
					}
					buf := bufio.NewWriterSize(f, 1<<20)
					sum, err := db.Export(context.Background(), storagetest.BenchProduction, sqldb.ExportOptions{ForThirdParty: third},
						func(m evidence.Manifest) (sqldb.BundleWriter, error) { return evidence.NewWriter(buf, m), nil })
					if err == nil {
						err = buf.Flush()
					}
					if cerr := f.Close(); err == nil {
						err = cerr
					}
					if err != nil {
						b.Fatal(err)
					}
					exportTime += time.Since(start)
					peak.Stop()
					exportHeap, exportRSS = max(exportHeap, peak.Heap), max(exportRSS, uint64(peak.Resident))
					if got := sum.Manifest.Entries; got != int(n) {
						b.Fatalf("%d entries exported, want %d", got, n)
					}

					runtime.GC()
					peak = storagetest.WatchMemory()
					start = time.Now()
					rep, err := evidence.VerifyFile(path, evidence.Options{Key: signer.VerifierKey()})
					if err != nil || !rep.OK() {
						b.Fatalf("verify: %v %v", err, rep)
					}
					verifyTime += time.Since(start)
					peak.Stop()
					verifyHeap, verifyRSS = max(verifyHeap, peak.Heap), max(verifyRSS, uint64(peak.Resident))
					if st, err := os.Stat(path); err == nil {
						size = st.Size()
					}
				}
				b.ReportMetric(exportTime.Seconds()/float64(b.N), "export-s")
				b.ReportMetric(verifyTime.Seconds()/float64(b.N), "verify-s")
				b.ReportMetric(float64(exportHeap)/(1<<20), "export-peak-heap-MB")
				b.ReportMetric(float64(verifyHeap)/(1<<20), "verify-peak-heap-MB")
				b.ReportMetric(float64(exportRSS)/(1<<20), "export-peak-rss-MB")
				b.ReportMetric(float64(verifyRSS)/(1<<20), "verify-peak-rss-MB")
				b.ReportMetric(float64(size)/(1<<20), "bundle-MB")
			})
		}
	}
}

package sqlite_test

import (
	"context"
	"io"
	"testing"
	"time"
	"runtime"

	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
	"github.com/setsafe/setsafe/storagetest"
)

type nop struct{ n int }

func (w *nop) Entry(seq uint64, entry []byte) error                         { w.n++; return nil }
func (w *nop) Withheld(seq uint64, leafHash []byte, statedType string) error { w.n++; return nil }
func (w *nop) Checkpoint(note []byte) error                                  { return nil }
func (w *nop) Attachment(a evidence.Attachment, content io.Reader) error     { return nil }
func (w *nop) Attestation(signed []byte) error                               { return nil }
func (w *nop) Close(head evidence.Head) error                                { return nil }

func TestTmpExportSpeed(t *testing.T) {
	for _, third := range []bool{false, true} {
	l := storagetest.BuildLargeLedger(t, 1_000_000)
	signer, _ := ledger.LoadSigner(l.KeyPath)
	db, err := sqlite.Open(context.Background(), l.Path, sqlite.Options{ReadOnly: true, Config: sqldb.Config{Signer: signer}})
	if err != nil { t.Fatal(err) }
	defer db.Close()
	runtime.GC()
	peak := storagetest.WatchMemory()
	start := time.Now()
	w := &nop{}
	sum, err := db.Export(context.Background(), storagetest.BenchProduction, sqldb.ExportOptions{ForThirdParty: third}, func(m evidence.Manifest) (sqldb.BundleWriter, error) { return w, nil })
	peak.Stop()
	t.Logf("third=%v %v n=%d cps=%d err=%v heap=%dMB rss=%dMB", third, time.Since(start), w.n, sum.Manifest.Checkpoints, err, peak.Heap>>20, peak.Resident>>20)
	}
}

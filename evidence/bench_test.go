package evidence

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe/ledger"
)

// heapPeak samples the live heap while it runs, and returns the largest
// sample.
type heapPeak struct {
	stop chan struct{}
	done sync.WaitGroup
	peak uint64
}

func startHeapPeak() *heapPeak {
	runtime.GC()
	h := &heapPeak{stop: make(chan struct{})}
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			h.peak = max(h.peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) end() uint64 {
	close(h.stop)
	h.done.Wait()
	return h.peak
}

// writeSynthetic writes a bundle of n synthetic entries of about 300
// bytes, with a checkpoint every 1000 entries and at the last, to path.
func writeSynthetic(tb testing.TB, path string, n uint64, signer *ledger.Signer) {
	file, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer file.Close()
	out := bufio.NewWriterSize(file, 1<<20)
	origin := ledger.Origin(signer.Name(), "load")
	bw := NewWriter(out, Manifest{Origin: origin, Ledger: "load", VerifierKey: signer.VerifierKey(), From: 1, To: n,
		CreatedAt: time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)})
	tree := ledger.NewTree()
	start := time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)
	pad := strings.Repeat("x", 150)
	var sizes []uint64
	var roots [][]byte
	for seq := uint64(1); seq <= n; seq++ {
		e, err := ledger.EncodeEnvelope(ledger.Envelope{Ledger: "load", Seq: int64(seq), Time: start.Add(time.Duration(seq) * time.Second),
			Actor: "person:p17", Type: "firearm.handed_over", Version: 2,
			Body: fmt.Appendf(nil, `{"firearm":"f%d","from":"person:p17","to":"person:p%d","note":"%s"}`, seq%50, seq%300, pad)})
		if err != nil {
			tb.Fatal(err)
		}
		if err := bw.Entry(seq, e); err != nil {
			tb.Fatal(err)
		}
		tree.Append(ledger.LeafHash(e))
		if seq%1000 == 0 || seq == n {
			sizes = append(sizes, seq)
			roots = append(roots, tree.Root())
		}
	}
	for i, size := range sizes {
		cp, err := signer.Sign("load", size, roots[i], start.Add(time.Duration(size)*time.Second+time.Millisecond))
		if err != nil {
			tb.Fatal(err)
		}
		if err := bw.Checkpoint(cp.Note); err != nil {
			tb.Fatal(err)
		}
	}
	if err := bw.Close(Head{Size: n}); err != nil {
		tb.Fatal(err)
	}
	if err := out.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkBundle1M writes and verifies bundles of 100,000 and 1,000,000
// synthetic entries, reporting the time of each and the peak live heap.
// (The roots of the checkpoints, 32 bytes each, are kept by the test to
// sign them after the entries; the writer keeps nothing per entry.)
func BenchmarkBundle1M(b *testing.B) {
	signer := testSigner(b, "setsafe-bench")
	for _, n := range []uint64{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "bundle.zip")
			for range b.N {
				h := startHeapPeak()
				t0 := time.Now()
				writeSynthetic(b, path, n, signer)
				writeTime := time.Since(t0)
				writePeak := h.end()

				h = startHeapPeak()
				t0 = time.Now()
				r, err := VerifyFile(path, Options{Key: signer.VerifierKey()})
				verifyTime := time.Since(t0)
				verifyPeak := h.end()
				if err != nil || !r.OK() || uint64(r.Entries) != n {
					b.Fatalf("verify: %v %v (%d entries)", err, r.Problems, r.Entries)
				}
				info, _ := os.Stat(path)
				b.ReportMetric(writeTime.Seconds(), "write-s")
				b.ReportMetric(verifyTime.Seconds(), "verify-s")
				b.ReportMetric(float64(writePeak)/(1<<20), "write-peak-heap-MiB")
				b.ReportMetric(float64(verifyPeak)/(1<<20), "verify-peak-heap-MiB")
				b.ReportMetric(float64(info.Size())/(1<<20), "bundle-MiB")
			}
		})
	}
}

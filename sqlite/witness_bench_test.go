package sqlite_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/torchwood"
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/setsafe/setsafe/witness"
	"github.com/setsafe/setsafe/witnessing"
	"golang.org/x/mod/sumdb/note"
)

// BenchmarkHandOverWitnessed measures hand-offs over HTTP, as
// BenchmarkHandOverHTTP does on 8 tablets with PINs remembered, with no
// witness and with three witnesses that each take 200 ms to cosign: the
// checkpoints go to them off the write path, so a hand-off waits for none.
func BenchmarkHandOverWitnessed(b *testing.B) {
	for _, n := range []int{0, 3} {
		b.Run(fmt.Sprintf("witnesses=%d", n), func(b *testing.B) {
			benchHandOvers(b, 8, 20*time.Millisecond, 0, 0, n)
		})
	}
}

// witnessDelay is how long each slow witness takes to answer.
const witnessDelay = 200 * time.Millisecond

// slowWitnesses configures n witnesses of prod that cosign every
// checkpoint after witnessDelay, and runs the submitter for the benchmark.
// When it ends, it fails unless they cosigned.
func slowWitnesses(b *testing.B, db *sqldb.DB, prod, by string, n int) {
	if n == 0 {
		return
	}
	var cosigned atomic.Int64
	for i := range n {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		signer, err := torchwood.NewCosignatureSigner(fmt.Sprintf("slow.example/w%d", i), key)
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(witnessDelay)
			body, _ := io.ReadAll(r.Body)
			_, signed, _ := bytes.Cut(body, []byte("\n\n"))
			end := bytes.LastIndex(signed, []byte("\n\n"))
			if end < 0 {
				http.Error(w, "invalid input", http.StatusBadRequest)
				return
			}
			cosig, err := note.Sign(&note.Note{Text: string(signed[:end+1])}, signer)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			cosigned.Add(1)
			w.Write(cosig[end+2:])
		}))
		b.Cleanup(ts.Close)
		if _, err := db.Append(context.Background(), setsafe.On(prod, storagetest.Operator, witness.AddWitness{URL: ts.URL, Key: signer.Verifier().String(), By: by})); err != nil {
			b.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		witnessing.New(witnessing.Config{Store: db, Every: 100 * time.Millisecond}).Run(ctx)
	}()
	b.Cleanup(func() {
		// The timer has stopped: give a short run's checkpoint time to be
		// cosigned, to show that the witnesses were asked.
		for deadline := time.Now().Add(10 * time.Second); cosigned.Load() == 0 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done
		if cosigned.Load() == 0 {
			b.Error("the witnesses cosigned nothing")
		}
		b.Logf("the witnesses cosigned %d times", cosigned.Load())
	})
}

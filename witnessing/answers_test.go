package witnessing_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"filippo.io/torchwood"
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/setsafe/setsafe/witness"
	"github.com/setsafe/setsafe/witnessing"
	"golang.org/x/mod/sumdb/note"
)

// scripted is a witness that answers as a test says: answer gets the
// request's old size and the checkpoint's size, and the number of the
// request, and returns a status and body; 200 with an empty body
// cosigns.
type scripted struct {
	t        *testing.T
	signer   *torchwood.CosignatureSigner
	answer   func(n int, old, size uint64) (int, string)
	mu       sync.Mutex
	requests int
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	head, signed, _ := bytes.Cut(body, []byte("\n\n"))
	first, _, _ := bytes.Cut(head, []byte("\n"))
	old, _ := strconv.ParseUint(string(bytes.TrimPrefix(first, []byte("old "))), 10, 64)
	end := bytes.LastIndex(signed, []byte("\n\n"))
	lines := bytes.SplitN(signed, []byte("\n"), 3)
	size, _ := strconv.ParseUint(string(lines[1]), 10, 64)
	s.mu.Lock()
	s.requests++
	n := s.requests
	s.mu.Unlock()
	status, text := s.answer(n, old, size)
	switch {
	case status == http.StatusOK && text == "":
		cosig, err := note.Sign(&note.Note{Text: string(signed[:end+1])}, s.signer)
		if err != nil {
			s.t.Error(err)
		}
		w.Write(cosig[end+2:])
	case status == http.StatusConflict:
		w.Header().Set("Content-Type", "text/x.tlog.size")
		w.WriteHeader(status)
		io.WriteString(w, text+"\n")
	default:
		http.Error(w, text, status)
	}
}

// TestAnswers checks what each answer of a witness leads to: a
// cosignature stored, a refusal recorded, or a failure tried again later.
func TestAnswers(t *testing.T) {
	tests := []struct {
		name string
		// answer answers request n, from old, of a checkpoint of size.
		answer                      func(n int, old, size uint64) (int, string)
		cosigned, refused, failures int
		requests                    int
	}{
		{"cosigns", func(int, uint64, uint64) (int, string) { return 200, "" }, 1, 0, 0, 1},
		{"knows a smaller size, then cosigns from it", func(n int, old, size uint64) (int, string) {
			if n == 1 {
				return 409, strconv.FormatUint(size-2, 10)
			}
			if old != size-2 {
				return 422, "wrong old size"
			}
			return 200, ""
		}, 1, 0, 0, 2},
		{"knows a smaller size twice", func(n int, old, size uint64) (int, string) { return 409, strconv.FormatUint(size-2-uint64(n), 10) }, 0, 0, 1, 2},
		{"knows a larger size", func(n int, old, size uint64) (int, string) { return 409, strconv.FormatUint(size+5, 10) }, 0, 1, 0, 1},
		{"proof fails", func(int, uint64, uint64) (int, string) { return 422, "bad consistency proof" }, 0, 1, 0, 1},
		{"signature not known", func(int, uint64, uint64) (int, string) { return 403, "invalid signature" }, 0, 1, 0, 1},
		{"log not known", func(int, uint64, uint64) (int, string) { return 404, "unknown log" }, 0, 0, 1, 1},
		{"its own trouble", func(int, uint64, uint64) (int, string) { return 503, "down for maintenance" }, 0, 0, 1, 1},
		{"a conflict without a size", func(int, uint64, uint64) (int, string) { return 409, "soon" }, 0, 0, 1, 1},
	}
	for _, b := range storagetest.Backends() {
		for _, tt := range tests {
			t.Run(b.Name+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				e := storagetest.NewEnv(t, b)
				ids := storagetest.Seed(t, e.DB)
				_, key, _ := ed25519.GenerateKey(rand.Reader)
				signer, err := torchwood.NewCosignatureSigner("scripted.example", key)
				if err != nil {
					t.Fatal(err)
				}
				w := &scripted{t: t, signer: signer, answer: tt.answer}
				ts := httptest.NewServer(w)
				defer ts.Close()
				storagetest.MustAppend(t, e.DB, setsafe.On("red-mesa", storagetest.Operator, witness.AddWitness{URL: ts.URL, Key: signer.Verifier().String(), By: ids["producer"]}))
				if _, err := e.DB.SignCheckpoint(ctx, "red-mesa"); err != nil {
					t.Fatal(err)
				}
				obs := newCounts()
				sub := witnessing.New(witnessing.Config{Store: e.DB, Time: e.Clock, Observer: obs})
				sub.Pass(ctx)
				name := "scripted.example"
				if got := [3]int{obs.get(obs.cosigned, name), obs.get(obs.refused, name), obs.get(obs.failures, name)}; got != [3]int{tt.cosigned, tt.refused, tt.failures} {
					t.Errorf("cosigned, refused, failed: %v, want %v", got, [3]int{tt.cosigned, tt.refused, tt.failures})
				}
				if w.requests != tt.requests {
					t.Errorf("%d requests, want %d", w.requests, tt.requests)
				}
				st, err := e.DB.LedgerState(ctx, "red-mesa")
				if err != nil {
					t.Fatal(err)
				}
				if open := witness.OpenRefusal(st, name) != nil; open != (tt.refused > 0) {
					t.Errorf("a refusal open in the ledger: %v, want %v", open, tt.refused > 0)
				}
				// Nothing is asked again before the back-off ends; after it,
				// a witness not done is.
				sub.Pass(ctx)
				if w.requests != tt.requests {
					t.Errorf("%d requests after a second pass at once, want still %d", w.requests, tt.requests)
				}
				e.Clock.Advance(time.Minute)
				sub.Pass(ctx)
				if again := w.requests > tt.requests; again != (tt.cosigned == 0) {
					t.Errorf("asked again after the back-off: %v, want %v", again, tt.cosigned == 0)
				}
			})
		}
	}
}

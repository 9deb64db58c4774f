package tlogwitness

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/note"
)

// A checkpoint note signed by a log key, and a witness's cosigner.
func fixture(t testing.TB) (signed, text []byte, w *torchwood.CosignatureSigner) {
	t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, "setsafe.example")
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	text = []byte("setsafe.example/red-mesa\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nsigned 2026-12-04T20:00:00.000000Z\n")
	signed, err = note.Sign(&note.Note{Text: string(text)}, s)
	if err != nil {
		t.Fatal(err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	w, err = torchwood.NewCosignatureSigner("witness.example/w1", priv)
	if err != nil {
		t.Fatal(err)
	}
	return signed, text, w
}

func cosign(t testing.TB, text []byte, w note.Signer) string {
	t.Helper()
	n, err := note.Sign(&note.Note{Text: string(text)}, w)
	if err != nil {
		t.Fatal(err)
	}
	return string(n[len(text)+1:])
}

func TestAddCheckpoint(t *testing.T) {
	signed, text, w := fixture(t)
	_, _, other := fixture(t)
	good := cosign(t, text, w)
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		check       func(t *testing.T, got []Cosignature, err error)
	}{
		{"cosigned", 200, "", good, func(t *testing.T, got []Cosignature, err error) {
			if err != nil || len(got) != 1 || got[0].Line != good || got[0].Witness != "witness.example/w1" {
				t.Fatalf("got %+v, %v; want the line %q", got, err, good)
			}
		}},
		{"cosigned with another key too", 200, "", cosign(t, text, other) + good, func(t *testing.T, got []Cosignature, err error) {
			if err != nil || len(got) != 1 || got[0].Line != good {
				t.Fatalf("got %+v, %v; want only the witness's own line", got, err)
			}
		}},
		{"cosignature by another key only", 200, "", cosign(t, text, other), retryable},
		{"cosignature of another text", 200, "", cosign(t, []byte("setsafe.example/red-mesa\n4\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"), w), retryable},
		{"not a signature line", 200, "", "hello\n", retryable},
		{"empty", 200, "", "", retryable},
		{"conflict", 409, "text/x.tlog.size", "17\n", func(t *testing.T, _ []Cosignature, err error) {
			var c *ConflictError
			if !errors.As(err, &c) || c.Known != 17 {
				t.Fatalf("got %v, want a conflict at 17", err)
			}
		}},
		{"conflict of another type", 409, "text/plain", "17\n", retryable},
		{"conflict without a number", 409, "text/x.tlog.size", "+17\n", retryable},
		{"forbidden", 403, "text/plain", "invalid signature\n", refused(403)},
		{"unknown log", 404, "text/plain", "unknown log\n", refused(404)},
		{"bad proof", 422, "text/plain", "bad consistency proof\n", refused(422)},
		{"bad request", 400, "text/plain", "invalid input\n", refused(400)},
		{"server error", 500, "text/plain", "database error\n", retryable},
		{"too long", 200, "", strings.Repeat("x", maxResponse+1), retryable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != "/w/add-checkpoint" {
					http.Error(rw, "wrong path "+r.URL.Path, 500)
					return
				}
				b, _ := io.ReadAll(r.Body)
				got = string(b)
				if tt.contentType != "" {
					rw.Header().Set("Content-Type", tt.contentType)
				}
				rw.WriteHeader(tt.status)
				io.WriteString(rw, tt.body)
			}))
			defer srv.Close()
			cs, err := AddCheckpoint(context.Background(), srv.Client(), srv.URL+"/w/", w.Verifier(), 2, [][]byte{make([]byte, 32), {1}}, signed)
			if want := "old 2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nAQ==\n\n" + string(signed); got != want {
				t.Fatalf("request body %q, want %q", got, want)
			}
			tt.check(t, cs, err)
		})
	}
}

func TestAddCheckpointUnreachable(t *testing.T) {
	signed, _, w := fixture(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := AddCheckpoint(context.Background(), nil, url, w.Verifier(), 0, nil, signed)
	var r *RetryableError
	if !errors.As(err, &r) {
		t.Fatalf("got %v, want a retryable error", err)
	}
}

func retryable(t *testing.T, got []Cosignature, err error) {
	t.Helper()
	var r *RetryableError
	if !errors.As(err, &r) || got != nil {
		t.Fatalf("got %+v, %v; want a retryable error", got, err)
	}
}

func refused(status int) func(t *testing.T, got []Cosignature, err error) {
	return func(t *testing.T, got []Cosignature, err error) {
		t.Helper()
		var r *RefusedError
		if !errors.As(err, &r) || r.Status != status || r.Body == "" {
			t.Fatalf("got %v, want a refusal %d with the witness's words", err, status)
		}
	}
}

// FuzzParseResponse feeds the parser any answer: it never panics, and
// accepts only lines that verify.
func FuzzParseResponse(f *testing.F) {
	_, text, w := fixture(f)
	f.Add(200, "", []byte(cosign(f, text, w)))
	f.Add(409, "text/x.tlog.size", []byte("12\n"))
	f.Add(422, "text/plain", []byte("bad consistency proof\n"))
	f.Add(200, "", []byte("— witness.example/w1 AAAA\n"))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		cs, err := ParseResponse(status, contentType, body, w.Verifier(), text)
		if err == nil && len(cs) == 0 {
			t.Fatal("no error and no cosignature")
		}
		for _, c := range cs {
			if _, err := note.Open(append(append(append([]byte{}, text...), '\n'), c.Line...), note.VerifierList(w.Verifier())); err != nil {
				t.Fatalf("accepted a line that does not verify: %q: %v", c.Line, err)
			}
		}
	})
}

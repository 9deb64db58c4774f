package witnesstest

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/tlogwitness"
	"golang.org/x/mod/sumdb/note"
)

// The witness cosigns a log's first checkpoint with the key its verifier
// key names, and refuses a second one that claims to start from nothing.
func TestLitewitness(t *testing.T) {
	w := Start(t, "witness.example/w1")
	skey, vkey, err := note.GenerateKey(rand.Reader, "setsafe.example")
	if err != nil {
		t.Fatal(err)
	}
	w.AddLog(t, "setsafe.example/red-mesa", vkey)
	s, _ := note.NewSigner(skey)
	signed, err := note.Sign(&note.Note{Text: "setsafe.example/red-mesa\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"}, s)
	if err != nil {
		t.Fatal(err)
	}
	cv, err := evidence.NewCosignatureVerifier(w.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := tlogwitness.AddCheckpoint(context.Background(), nil, w.URL, cv, 0, nil, signed)
	if err != nil || len(cs) != 1 {
		t.Fatalf("add checkpoint: %v, %v", cs, err)
	}
	if got := w.Seen(t, "setsafe.example/red-mesa"); got != 1 {
		t.Fatalf("the witness saw size %d, want 1", got)
	}
	_, err = tlogwitness.AddCheckpoint(context.Background(), nil, w.URL, cv, 0, nil, signed)
	var c *tlogwitness.ConflictError
	if !errors.As(err, &c) || c.Known != 1 {
		t.Fatalf("again from 0: %v, want a conflict at 1", err)
	}
}

package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"filippo.io/torchwood"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"golang.org/x/mod/sumdb/note"
)

// writeBundle writes a bundle of six entries with one checkpoint,
// cosigned by a witness, and returns its path, the ledger's verifier key
// and the witness's key.
func writeBundle(t *testing.T) (path, key, witness string) {
	t.Helper()
	dir := t.TempDir()
	signer, _, err := ledger.LoadOrCreateSigner(filepath.Join(dir, "signing.key"), "setsafe-test")
	if err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	w, err := torchwood.NewCosignatureSigner("union.example/witness", priv)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	tree := ledger.NewTree()
	var entries [][]byte
	for seq := int64(1); seq <= 6; seq++ {
		e, err := ledger.EncodeEnvelope(ledger.Envelope{Ledger: "red-mesa", Seq: seq, Time: start.Add(time.Duration(seq) * time.Minute),
			Actor: "person:p1", Type: "concern.raised", Version: 1, Body: []byte(`{"what":"loose cable"}`)})
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
		tree.Append(ledger.LeafHash(e))
	}
	cp, err := signer.Sign("red-mesa", 6, tree.Root(), start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var uerr *note.UnverifiedNoteError
	_, err = note.Open(cp.Note, note.VerifierList())
	if !errors.As(err, &uerr) {
		t.Fatal(err)
	}
	cosigned, err := note.Sign(uerr.Note, w)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	bw := evidence.NewWriter(&buf, evidence.Manifest{Origin: "setsafe-test/red-mesa", Ledger: "red-mesa", VerifierKey: signer.VerifierKey(),
		From: 1, To: 6, CreatedAt: start.Add(48 * time.Hour)})
	for i, e := range entries {
		if i == 3 {
			err = bw.Withheld(4, ledger.LeafHash(e), "concern.raised")
		} else {
			err = bw.Entry(uint64(i+1), e)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Checkpoint(cosigned); err != nil {
		t.Fatal(err)
	}
	if err := bw.Close(evidence.Head{Size: 6}); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "bundle.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, signer.VerifierKey(), w.Verifier().String()
}

func TestRun(t *testing.T) {
	path, key, witness := writeBundle(t)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key.pub")
	os.WriteFile(keyFile, []byte(key+"\n"), 0o644)
	_, otherKey, _ := note.GenerateKey(rand.Reader, "setsafe-test")
	broken := filepath.Join(dir, "broken.zip")
	b, _ := os.ReadFile(path)
	b[100] ^= 1
	os.WriteFile(broken, b, 0o644)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"holds", []string{"--key", key, path}, 0, []string{"Verified: 6 entries (1 withheld) from 1 to 6, 1 checkpoint, head at size 6 not final", "Everything in the bundle holds."}, ""},
		{"key from a file, flags after the bundle", []string{path, "--key", keyFile, "--witness", witness}, 0, []string{"final: cosigned by union.example/witness"}, ""},
		{"quorum", []string{"--key", key, "--witness", witness, "--quorum", "1", path}, 0, []string{"final: cosigned by union.example/witness"}, ""},
		{"json", []string{"--json", "--key", key, "--witness", witness, path}, 0, []string{`"final": true`, `"entries": 6`}, ""},
		{"list", []string{"--list", path}, 0, []string{`{"seq":1,"time":"2026-11-02T07:01:00Z","actor":"person:p1","type":"concern.raised","version":1,"corrects":0,"body":{"what":"loose cable"}}`, `{"seq":4,"withheld":true,"stated_type":"concern.raised"}`}, ""},
		{"another key", []string{"--key", otherKey, path}, 1, []string{"PROBLEMS: ", "checkpoint at size 6: not validly signed"}, ""},
		{"changed byte", []string{"--key", key, broken}, 1, []string{"PROBLEMS: "}, ""},
		{"no key", []string{path}, 2, nil, "--key is needed"},
		{"bad key", []string{"--key", "nonsense+1+2", path}, 2, nil, "--key: "},
		{"key file missing", []string{"--key", filepath.Join(dir, "none.pub"), path}, 2, nil, "neither a key nor a readable file"},
		{"ledger key as witness", []string{"--key", key, "--witness", key, path}, 2, nil, "--witness: "},
		{"quorum too high", []string{"--key", key, "--witness", witness, "--quorum", "2", path}, 2, nil, "--quorum 2"},
		{"no bundle", []string{"--key", key}, 2, nil, "give one bundle file, not 0"},
		{"two bundles", []string{"--key", key, path, path}, 2, nil, "not 2"},
		{"missing bundle", []string{"--key", key, filepath.Join(dir, "none.zip")}, 2, nil, "open bundle"},
		{"unknown flag", []string{"--keys", key, path}, 2, nil, "flag provided but not defined"},
		{"version", []string{"--version"}, 0, []string{"setsafe-verify ", "(commit ", runtime.Version() + ")"}, ""},
		{"version with a bundle", []string{"--version", path}, 2, nil, "--version takes nothing else"},
		{"list with key", []string{"--list", "--key", key, path}, 2, nil, "--list takes only the bundle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout.String(), stderr.String())
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr.String())
			}
			if tc.name == "json" {
				var r evidence.Report
				if err := json.Unmarshal(stdout.Bytes(), &r); err != nil || !r.OK() || r.Withheld != 1 {
					t.Errorf("JSON report %+v: %v", r, err)
				}
			}
		})
	}
}

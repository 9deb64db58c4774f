package evidence

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/torchwood"
	"github.com/setsafe/setsafe/ledger"
	"golang.org/x/mod/sumdb/note"
)

// testWitness is a witness that cosigns as C2SP tlog-cosignature says,
// made with an implementation other than this package's.
type testWitness struct {
	name   string
	signer *torchwood.CosignatureSigner
	vkey   string
}

func newTestWitness(t testing.TB, name string) *testWitness {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := torchwood.NewCosignatureSigner(name, priv)
	if err != nil {
		t.Fatal(err)
	}
	return &testWitness{name: name, signer: s, vkey: s.Verifier().String()}
}

// cosign adds the witness's cosignature to a signed note.
func (w *testWitness) cosign(t testing.TB, signed []byte) []byte {
	t.Helper()
	// With no verifier, note.Open returns the note in its error.
	n, err := note.Open(signed, note.VerifierList())
	if n == nil {
		var uerr *note.UnverifiedNoteError
		if !errors.As(err, &uerr) {
			t.Fatalf("open note to cosign: %v", err)
		}
		n = uerr.Note
	}
	out, err := note.Sign(n, w.signer)
	if err != nil {
		t.Fatalf("cosign: %v", err)
	}
	return out
}

func testSigner(t testing.TB, name string) *ledger.Signer {
	t.Helper()
	s, _, err := ledger.LoadOrCreateSigner(filepath.Join(t.TempDir(), "signing.key"), name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCosignatureVerifier(t *testing.T) {
	signer := testSigner(t, "setsafe-test")
	cp, err := signer.Sign("red-mesa", 42, sha256.New().Sum(nil), time.Date(2026, 11, 3, 7, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	w := newTestWitness(t, "union.example/witness")
	other := newTestWitness(t, "union.example/witness")
	before := time.Now().Add(-time.Second).Truncate(time.Second)
	cosigned := w.cosign(t, cp.Note)

	ledgerV, err := note.NewVerifier(signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewCosignatureVerifier(w.vkey)
	if err != nil {
		t.Fatalf("NewCosignatureVerifier(%q): %v", w.vkey, err)
	}
	if v.Name() != w.name || v.KeyHash() != w.signer.KeyHash() {
		t.Errorf("verifier is %s %08x, want %s %08x", v.Name(), v.KeyHash(), w.name, w.signer.KeyHash())
	}
	n, err := note.Open(cosigned, note.VerifierList(ledgerV, v))
	if err != nil {
		t.Fatalf("open cosigned checkpoint: %v", err)
	}
	if len(n.Sigs) != 2 {
		t.Fatalf("verified %d signatures, want 2", len(n.Sigs))
	}
	at, err := CosignatureTime(n.Sigs[1])
	if err != nil {
		t.Fatal(err)
	}
	if at.Before(before) || at.After(time.Now().Add(time.Second)) {
		t.Errorf("cosignature time %v, want about now", at)
	}
	if _, err := CosignatureTime(n.Sigs[0]); err == nil {
		t.Errorf("CosignatureTime of an Ed25519 signature: no error")
	}

	// Another key under the same name does not verify.
	ov, err := NewCosignatureVerifier(other.vkey)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := note.Open(cosigned, note.VerifierList(ledgerV, ov)); err != nil || len(n.Sigs) != 1 {
		t.Errorf("another witness key: %v, %d signatures verified, want 1 (the ledger's)", err, len(n.Sigs))
	}

	// A changed checkpoint text or a changed time fails.
	sigLine := cosigned[strings.LastIndex(string(cosigned[:len(cosigned)-1]), "\n")+1:]
	changedText := strings.Replace(string(cosigned), "42\n", "43\n", 1)
	if n, err := note.Open([]byte(changedText), note.VerifierList(v)); err == nil {
		t.Errorf("a changed size verified: %v", n.Sigs)
	}
	raw := sigLineBytes(t, string(sigLine))
	raw[4+7] ^= 1 // the timestamp's last byte
	bad := string(cosigned[:len(cosigned)-len(sigLine)]) + fmt.Sprintf("— %s %s\n", w.name, base64.StdEncoding.EncodeToString(raw))
	if n, err := note.Open([]byte(bad), note.VerifierList(v)); err == nil {
		t.Errorf("a changed cosignature time verified: %v", n.Sigs)
	}
}

func sigLineBytes(t *testing.T, line string) []byte {
	t.Helper()
	f := strings.Fields(line)
	b, err := base64.StdEncoding.DecodeString(f[len(f)-1])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewCosignatureVerifierRefuses(t *testing.T) {
	w := newTestWitness(t, "witness.example")
	name, rest, _ := strings.Cut(w.vkey, "+")
	hash, key, _ := strings.Cut(rest, "+")
	raw, _ := base64.StdEncoding.DecodeString(key)
	ed := append([]byte{0x01}, raw[1:]...)
	signer := testSigner(t, "site")
	for _, tc := range []struct{ name, vkey string }{
		{"empty", ""},
		{"no hash", name + "+" + key},
		{"wrong hash", name + "+00000000+" + key},
		{"upper-case hash", name + "+" + strings.ToUpper(hash) + "+" + key},
		{"other name", "other.example+" + hash + "+" + key},
		{"Ed25519 note key", signer.VerifierKey()},
		{"type 1 bytes", name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(ed)},
		{"short key", name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(raw[:20])},
		{"not base64", name + "+" + hash + "+!!!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v, err := NewCosignatureVerifier(tc.vkey); err == nil {
				t.Errorf("NewCosignatureVerifier(%q) = %v, want an error", tc.vkey, v)
			}
		})
	}
}

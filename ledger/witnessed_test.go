package ledger

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
	"time"

	"filippo.io/torchwood"
	"github.com/setsafe/setsafe"
	"golang.org/x/mod/sumdb/note"
)

// cosigner is a test witness.
type cosigner struct{ s *torchwood.CosignatureSigner }

func newCosigner(t *testing.T, name string) cosigner {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := torchwood.NewCosignatureSigner(name, key)
	if err != nil {
		t.Fatal(err)
	}
	return cosigner{s}
}

// cosign returns w's cosignature of a signed checkpoint as stored.
func (w cosigner) cosign(t *testing.T, size uint64, signed []byte) Cosignature {
	t.Helper()
	end := strings.LastIndex(string(signed), "\n\n")
	n, err := note.Sign(&note.Note{Text: string(signed[:end+1])}, w.s)
	if err != nil {
		t.Fatal(err)
	}
	return Cosignature{Ledger: "red-mesa", Size: size, Witness: w.s.Name(), KeyHash: fmt.Sprintf("%08x", w.s.KeyHash()), Line: string(n[end+2:])}
}

func TestWitnesses(t *testing.T) {
	s := testSigner(t)
	rows, cps := storedLedger(t, s, 10, 5, 8, 10)
	w1, w2 := newCosigner(t, "w1.example"), newCosigner(t, "w2.example")
	other, err := s.Sign("red-mesa", 10, make([]byte, 32), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	type setup struct {
		rows    []StoredEntry
		cps     map[uint64]StoredCheckpoint
		cos     []Cosignature
		kept    []byte
		quorum  int
		refused bool
		unused  bool // the ledger configures neither witness
		keys    []cosigner
	}
	tests := []struct {
		name  string
		setup func(*setup)
		want  []string // one problem each, in order; none when empty
	}{
		{"latest cosigned", func(x *setup) {
			x.cos = []Cosignature{w1.cosign(t, 5, cps[5].Note), w1.cosign(t, 10, cps[10].Note)}
		}, nil},
		{"latest not cosigned", func(x *setup) {
			x.cos = []Cosignature{w1.cosign(t, 8, cps[8].Note)}
		}, []string{"the latest checkpoint, at size 10, is not cosigned by witness w1.example (0 of the 1 needed cosigned it); it last cosigned size 8"}},
		{"newest entries removed", func(x *setup) {
			x.rows, x.cps = rows[:8], map[uint64]StoredCheckpoint{5: cps[5], 8: cps[8]}
			x.cos = []Cosignature{w1.cosign(t, 5, cps[5].Note), w1.cosign(t, 10, cps[10].Note)}
		}, []string{"the latest checkpoint, at size 8, is not cosigned by witness w1.example (0 of the 1 needed cosigned it); w1.example last cosigned size 10 here, " +
			"which this ledger no longer reaches: entries 9 to 10 were removed or the database was restored from an older copy"}},
		{"newest entries and cosignatures removed, the kept file cosigned", func(x *setup) {
			x.rows, x.cps = rows[:8], map[uint64]StoredCheckpoint{5: cps[5], 8: cps[8]}
			x.kept = append(append([]byte{}, cps[10].Note...), w1.cosign(t, 10, cps[10].Note).Line...)
		}, []string{"w1.example last cosigned size 10 here, which this ledger no longer reaches"}},
		{"rewritten and signed again", func(x *setup) {
			x.cos = []Cosignature{w1.cosign(t, 10, other.Note)}
		}, []string{"witness w1.example's cosignature at size 10 does not verify over the checkpoint stored at that size",
			"w1.example cosigned a checkpoint at size 10 whose root these entries do not hash to: entries were rewritten and signed again"}},
		{"refused", func(x *setup) {
			x.cos, x.refused = []Cosignature{w1.cosign(t, 5, cps[5].Note)}, true
		}, []string{"is not cosigned by witness w1.example (0 of the 1 needed cosigned it), which refused it (see the witness.refused alarm)"}},
		{"never cosigned", func(x *setup) {}, []string{"it never cosigned a checkpoint of this ledger"}},
		{"a ledger without these witnesses", func(x *setup) { x.unused = true }, nil},
		{"cosigned checkpoint removed", func(x *setup) {
			x.cps = map[uint64]StoredCheckpoint{8: cps[8], 10: cps[10]}
			x.cos = []Cosignature{w1.cosign(t, 5, cps[5].Note), w1.cosign(t, 10, cps[10].Note)}
		}, []string{"witness w1.example cosigned the checkpoint at size 5, which is no longer in the database"}},
		{"one of two is the quorum", func(x *setup) {
			x.keys, x.quorum = []cosigner{w1, w2}, 1
			x.cos = []Cosignature{w2.cosign(t, 10, cps[10].Note)}
		}, nil},
		{"both of two are needed", func(x *setup) {
			x.keys = []cosigner{w1, w2}
			x.cos = []Cosignature{w2.cosign(t, 10, cps[10].Note)}
		}, []string{"is not cosigned by witness w1.example (1 of the 2 needed cosigned it)"}},
		{"a witness whose key was not given", func(x *setup) {
			x.cos = []Cosignature{w1.cosign(t, 10, cps[10].Note), w2.cosign(t, 10, other.Note)}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := setup{rows: rows, cps: cps, keys: []cosigner{w1}}
			tt.setup(&x)
			c := runCheck(s.Verifier(), x.rows, x.cps)
			before := len(c.Problems())
			w := WitnessCheck{Quorum: x.quorum,
				Witnessed: func(*setsafe.State, string) bool { return !x.unused },
				Refused:   func(*setsafe.State, string) bool { return x.refused }}
			for _, k := range x.keys {
				w.Verifiers = append(w.Verifiers, k.s.Verifier())
			}
			notes := map[uint64][]byte{}
			for n, cp := range x.cps {
				notes[n] = cp.Note
			}
			c.Witnesses(w, notes, x.cos, x.kept)
			got := c.Problems()[before:]
			if len(got) != len(tt.want) {
				t.Fatalf("problems %v, want %d: %q", got, len(tt.want), tt.want)
			}
			for i, want := range tt.want {
				if got[i].Kind != ProblemWitness || !strings.Contains(got[i].What, want) {
					t.Errorf("problem %d: %v, want one saying %q", i, got[i], want)
				}
			}
		})
	}
}

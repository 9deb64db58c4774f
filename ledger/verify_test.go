package ledger

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// storedLedger builds the rows storage would hold for events, with a
// checkpoint at every size in sizes.
func storedLedger(t *testing.T, s *Signer, n int, sizes ...uint64) ([]StoredEntry, map[uint64]StoredCheckpoint) {
	t.Helper()
	tree := NewTree()
	var rows []StoredEntry
	cps := map[uint64]StoredCheckpoint{}
	for _, e := range sampleEvents(n) {
		b, err := EncodeEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		leaf := LeafHash(b)
		rows = append(rows, StoredEntry{Seq: e.Seq, TimeMicros: e.Time.UnixMicro(), Actor: e.Actor.String(), Type: e.Type(),
			Entry: b, LeafHash: leaf, Nodes: tree.Append(leaf)})
		for _, size := range sizes {
			if size == tree.Size() {
				cp, err := s.Sign("red-mesa", size, tree.Root(), e.Time.Add(time.Second))
				if err != nil {
					t.Fatal(err)
				}
				cps[size] = StoredCheckpoint{Size: size, Root: cp.Root, Note: cp.Note, SignedMicros: cp.SignedAt.UnixMicro()}
			}
		}
	}
	return rows, cps
}

func runCheck(v *Verifier, rows []StoredEntry, cps map[uint64]StoredCheckpoint) *Check {
	c := NewCheck("red-mesa", v)
	for _, r := range rows {
		c.Entry(r)
		if cp, ok := cps[c.Size()]; ok {
			c.Checkpoint(cp)
		}
	}
	for size, cp := range cps {
		if size > c.Size() {
			c.Checkpoint(cp)
		}
	}
	c.Finish()
	return c
}

func TestCheckFindsEveryChange(t *testing.T) {
	s := testSigner(t)
	tests := []struct {
		name    string
		mutate  func(rows []StoredEntry, cps map[uint64]StoredCheckpoint) []StoredEntry
		wantSeq int64
		want    string
	}{
		{"untouched", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry { return r }, 0, ""},
		{"checkpoints signed before setsafe signed the time", func(r []StoredEntry, cps map[uint64]StoredCheckpoint) []StoredEntry {
			for size, cp := range cps {
				cps[size] = StoredCheckpoint{Size: size, Root: cp.Root, Note: signText(t, s, "red-mesa", size, cp.Root, ""), SignedMicros: r[size-1].TimeMicros}
			}
			return r
		}, 0, ""},
		{"one byte of an entry's body", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			r[4].Entry = bytes.Replace(bytes.Clone(r[4].Entry), []byte("Person 5"), []byte("Person X"), 1)
			return r
		}, 5, "leaf hash"},
		{"an entry and its leaf hash", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			r[4].Entry = bytes.Replace(bytes.Clone(r[4].Entry), []byte("Person 5"), []byte("Person X"), 1)
			r[4].LeafHash = LeafHash(r[4].Entry)
			return r
		}, 6, "an entry from 4 to 6 was changed"},
		{"the actor column", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			r[2].Actor = "person:someone-else"
			return r
		}, 3, "actor"},
		{"the type column", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			r[2].Type = "role.granted"
			return r
		}, 3, "type"},
		{"the time column", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			r[2].TimeMicros++
			return r
		}, 3, "time_us"},
		{"a stored tree node", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			r[7].Nodes = bytes.Clone(r[7].Nodes)
			r[7].Nodes[0] ^= 1
			return r
		}, 8, "tree nodes"},
		{"an entry removed", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			return append(r[:3:3], r[4:]...)
		}, 4, "missing"},
		{"the last entries removed", func(r []StoredEntry, _ map[uint64]StoredCheckpoint) []StoredEntry {
			return r[:8]
		}, 9, "were removed"},
		{"a checkpoint's note", func(r []StoredEntry, cps map[uint64]StoredCheckpoint) []StoredEntry {
			cp := cps[6]
			cp.Note = bytes.Replace(bytes.Clone(cp.Note), []byte("\n6\n"), []byte("\n5\n"), 1)
			cps[6] = cp
			return r
		}, 0, "not validly signed"},
		{"a checkpoint's root column", func(r []StoredEntry, cps map[uint64]StoredCheckpoint) []StoredEntry {
			cp := cps[6]
			cp.Root = LeafHash(nil)
			cps[6] = cp
			return r
		}, 0, "root columns differ"},
		{"a checkpoint's signed_us column", func(r []StoredEntry, cps map[uint64]StoredCheckpoint) []StoredEntry {
			cp := cps[6]
			cp.SignedMicros--
			cps[6] = cp
			return r
		}, 6, "its signed_us column 1634817606999999 differs from the time signed in its note, 2021-10-21T12:00:07Z"},
		{"a checkpoint signed before the entry it covers", func(r []StoredEntry, cps map[uint64]StoredCheckpoint) []StoredEntry {
			cp := cps[6]
			signed, err := s.Sign("red-mesa", 6, cp.Root, t0.Add(5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			cps[6] = StoredCheckpoint{Size: 6, Root: cp.Root, Note: signed.Note, SignedMicros: signed.SignedAt.UnixMicro()}
			return r
		}, 6, "was signed at 2021-10-21T12:00:05Z, before entry 6 that it covers (2021-10-21T12:00:06Z)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, cps := storedLedger(t, s, 10, 3, 6, 10)
			rows = tt.mutate(rows, cps)
			c := runCheck(s.Verifier(), rows, cps)
			if tt.want == "" {
				if len(c.Problems()) > 0 || len(c.Warnings()) > 0 {
					t.Fatalf("problems in an untouched ledger: %v %v", c.Problems(), c.Warnings())
				}
				if _, complete := c.Replayed(); !complete {
					t.Fatal("replay did not complete")
				}
				return
			}
			for _, p := range c.Problems() {
				if strings.Contains(p.What, tt.want) && (tt.wantSeq == 0 || p.Seq == tt.wantSeq) {
					return
				}
			}
			t.Fatalf("want a problem at entry %d mentioning %q, got %v", tt.wantSeq, tt.want, c.Problems())
		})
	}
}

// TestCheckUnsignedTime checks the checkpoints signed before setsafe
// signed the time, which have it in their signed_us column only: the
// server wrote its clock's time there, which was behind the entries' times
// when its clock was set back, or behind another server's. Such a column
// is a warning, never a problem; a signed time before the entries stays a
// problem.
func TestCheckUnsignedTime(t *testing.T) {
	s := testSigner(t)
	tests := []struct {
		name        string
		extension   string
		signedDelta time.Duration // signed_us, from the time of entry 6
		problem     string
		warning     string
	}{
		{name: "unsigned, after the entry", signedDelta: time.Second},
		{name: "unsigned, at the entry", signedDelta: 0},
		{name: "unsigned, behind the entry", signedDelta: -time.Hour,
			warning: "has no signed time in its note, and its signed_us column says 2021-10-21T11:00:06Z, before entry 6 that it covers (2021-10-21T12:00:06Z)"},
		{name: "signed behind the entry", extension: "signed 2021-10-21T11:00:06.000000Z\n", signedDelta: -time.Hour,
			problem: "was signed at 2021-10-21T11:00:06Z, before entry 6 that it covers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, cps := storedLedger(t, s, 10, 3, 6, 10)
			cp := cps[6]
			at := time.UnixMicro(rows[5].TimeMicros).Add(tt.signedDelta)
			cps[6] = StoredCheckpoint{Size: 6, Root: cp.Root, Note: signText(t, s, "red-mesa", 6, cp.Root, tt.extension), SignedMicros: at.UnixMicro()}
			c := runCheck(s.Verifier(), rows, cps)
			if got := fmt.Sprint(c.Problems()); (tt.problem == "") != (len(c.Problems()) == 0) || !strings.Contains(got, tt.problem) {
				t.Errorf("problems %s, want one saying %q", got, tt.problem)
			}
			if got := fmt.Sprint(c.Warnings()); (tt.warning == "") != (len(c.Warnings()) == 0) || !strings.Contains(got, tt.warning) {
				t.Errorf("warnings %s, want one saying %q", got, tt.warning)
			}
		})
	}
}

func TestCheckWrongKeyAndUncoveredTail(t *testing.T) {
	s := testSigner(t)
	rows, cps := storedLedger(t, s, 10, 4)
	c := runCheck(testSigner(t).Verifier(), rows, cps)
	if len(c.Problems()) == 0 {
		t.Fatal("checkpoints signed by another key passed")
	}
	// With no good checkpoint, every entry is uncovered.
	if w := c.Warnings(); len(w) != 1 || w[0].Seq != 1 {
		t.Fatalf("want one warning about entries 1 to 10, got %v", w)
	}
	c = runCheck(s.Verifier(), rows, cps)
	if len(c.Problems()) != 0 || len(c.Warnings()) != 1 || c.Warnings()[0].Seq != 5 {
		t.Fatalf("want one warning about entries 5 to 10, got %v %v", c.Problems(), c.Warnings())
	}
}

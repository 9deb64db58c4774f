package ledger

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

var t0 = time.Date(2021, 10, 21, 12, 0, 0, 0, time.UTC)

func sampleEvents(n int) []setsafe.Event {
	evs := []setsafe.Event{{Ledger: "red-mesa", Seq: 1, Time: t0, Actor: setsafe.SystemActor("cli"),
		Body: &setsafe.ProductionCreated{ID: "red-mesa", Name: "Red Mesa", TimeZone: "America/Denver"}}}
	for i := 2; i <= n; i++ {
		evs = append(evs, setsafe.Event{Ledger: "red-mesa", Seq: int64(i), Time: t0.Add(time.Duration(i) * time.Second),
			Actor: setsafe.PersonActor("p1"), Body: &setsafe.PersonAdded{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person %d", i)}})
	}
	return evs
}

func TestEntryRoundTrip(t *testing.T) {
	for _, e := range append(sampleEvents(3), setsafe.Event{Ledger: "red-mesa", Seq: 9, Time: t0, Actor: setsafe.Anonymous, Corrects: 4,
		Body: &setsafe.PersonUpdated{ID: "p4", Name: "Joel <J> Souza", Reason: "typo"}}) {
		b, err := EncodeEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeEntry(b)
		if err != nil {
			t.Fatalf("decode %d: %v", e.Seq, err)
		}
		again, err := EncodeEntry(got)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("entry %d does not round-trip: %v", e.Seq, err)
		}
		if got.Seq != e.Seq || !got.Time.Equal(e.Time) || got.Actor != e.Actor || got.Type() != e.Type() || got.Corrects != e.Corrects {
			t.Fatalf("decoded %+v, want %+v", got, e)
		}
	}
}

// TestEarlierBodyVersionRoundTrips: an entry recorded with an earlier body
// version (a safety meeting of version 1, free text only) decodes and is
// encoded again to the very bytes recorded, so its leaf hash still holds.
func TestEarlierBodyVersionRoundTrips(t *testing.T) {
	b, err := EncodeEnvelope(Envelope{Ledger: "red-mesa", Seq: 5, Time: t0, Actor: "person:p4", Type: "meeting.held", Version: 1,
		Body: []byte(`{"id":"m1","day":"2021-10-21","led_by":"p4","topics":["Firearms (SB1)"],"hazards":["firearms"],"walk_through":true}`)})
	if err != nil {
		t.Fatal(err)
	}
	e, err := DecodeEntry(b)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := EncodeEntry(e); err != nil || !bytes.Equal(again, b) {
		t.Fatalf("a version 1 meeting is encoded again differently: %v", err)
	}
	now, err := EncodeEntry(setsafe.Event{Ledger: "red-mesa", Seq: 6, Time: t0, Actor: setsafe.PersonActor("p4"),
		Body: &setsafe.MeetingHeld{ID: "m2", Covered: []string{"firearms.loaded"}}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := DecodeEnvelope(now); v.Version != 2 {
		t.Fatalf("a new meeting is recorded as version %d", v.Version)
	}
}

func TestDecodeEntryRejects(t *testing.T) {
	good, err := EncodeEntry(sampleEvents(2)[1])
	if err != nil {
		t.Fatal(err)
	}
	bodyAt := bytes.Index(good, []byte(`{"id"`))
	tests := []struct {
		name   string
		mutate func([]byte) []byte
	}{
		{"empty", func(b []byte) []byte { return nil }},
		{"unknown format", func(b []byte) []byte { b[0] = 2; return b }},
		{"truncated", func(b []byte) []byte { return b[:len(b)-1] }},
		{"trailing byte", func(b []byte) []byte { return append(b, ' ') }},
		{"body not canonical", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`{"id":"p2"`), []byte(`{"id":"\u0070\u0032"`), 1)
		}},
		{"unknown body field", func(b []byte) []byte { b[bodyAt+2] = 'x'; return b }},
		{"zero sequence", func(b []byte) []byte {
			at := 1 + 2 + len("red-mesa")
			copy(b[at:at+8], make([]byte, 8))
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.mutate(bytes.Clone(good))
			if _, err := DecodeEntry(b); err == nil {
				t.Fatalf("decoded a mutated entry")
			}
		})
	}
}

func FuzzDecodeEntry(f *testing.F) {
	for _, e := range sampleEvents(3) {
		b, _ := EncodeEntry(e)
		f.Add(b)
	}
	f.Add([]byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEntry(b)
		if err != nil {
			return
		}
		// Whatever decodes must encode back to exactly the same bytes: one
		// event, one entry.
		again, err := EncodeEntry(e)
		if err != nil {
			t.Fatalf("decoded entry does not encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("entry is not canonical:\n%x\n%x", b, again)
		}
	})
}

// refRoot computes the RFC 6962 root directly from the definition.
func refRoot(leaves [][]byte) []byte {
	h := rfc6962.DefaultHasher
	switch len(leaves) {
	case 0:
		return h.EmptyRoot()
	case 1:
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	return h.HashChildren(refRoot(leaves[:k]), refRoot(leaves[k:]))
}

// memRows keeps the rows a tree produced, as storage would.
type memRows map[int64]StoredNodes

func (m memRows) fetch(seqs []int64) (map[int64]StoredNodes, error) {
	out := map[int64]StoredNodes{}
	for _, s := range seqs {
		if r, ok := m[s]; ok {
			out[s] = r
		}
	}
	return out, nil
}

func TestTreeProofsVerifyWithLibrary(t *testing.T) {
	tree := NewTree()
	rows := memRows{}
	var leaves [][]byte
	roots := map[uint64][]byte{0: tree.Root()}
	for seq := int64(1); seq <= 70; seq++ {
		leaf := LeafHash([]byte(fmt.Sprint("entry ", seq)))
		leaves = append(leaves, leaf)
		nodes := tree.Append(leaf)
		if len(nodes) != NodeCount(seq)*HashSize {
			t.Fatalf("seq %d: %d node bytes, want %d nodes", seq, len(nodes), NodeCount(seq))
		}
		rows[seq] = StoredNodes{Leaf: leaf, Nodes: nodes}
		roots[uint64(seq)] = tree.Root()
		if !bytes.Equal(tree.Root(), refRoot(leaves)) {
			t.Fatalf("root at size %d differs from the RFC 6962 definition", seq)
		}
		restored, err := RestoreTree(tree.Size(), tree.Edge())
		if err != nil || !bytes.Equal(restored.Root(), tree.Root()) {
			t.Fatalf("restore at size %d: %v", seq, err)
		}
		fromRows, err := RestoreTreeFrom(tree.Size(), rows.fetch)
		if err != nil || !bytes.Equal(fromRows.Edge(), tree.Edge()) {
			t.Fatalf("restore from stored nodes at size %d: %v", seq, err)
		}
	}
	for size := uint64(1); size <= 70; size++ {
		for seq := int64(1); seq <= int64(size); seq++ {
			p, err := InclusionProof(seq, size, rows.fetch)
			if err != nil {
				t.Fatal(err)
			}
			if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(seq-1), size, leaves[seq-1], p, roots[size]); err != nil {
				t.Fatalf("inclusion of %d in %d: %v", seq, size, err)
			}
		}
		for size1 := uint64(0); size1 <= size; size1++ {
			p, err := ConsistencyProof(size1, size, rows.fetch)
			if err != nil {
				t.Fatal(err)
			}
			if err := proof.VerifyConsistency(rfc6962.DefaultHasher, size1, size, p, roots[size1], roots[size]); err != nil {
				t.Fatalf("consistency %d..%d: %v", size1, size, err)
			}
		}
	}
	if _, err := InclusionProof(71, 70, rows.fetch); err == nil {
		t.Fatal("proved an entry beyond the tree")
	}
}

func testSigner(t *testing.T) *Signer {
	t.Helper()
	s, created, err := LoadOrCreateSigner(filepath.Join(t.TempDir(), "signing.key"), "setsafe-test")
	if err != nil || !created {
		t.Fatalf("create signer: %v %v", created, err)
	}
	return s
}

func TestKeyFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k", "signing.key")
	s1, created, err := LoadOrCreateSigner(path, "site-a")
	if err != nil || !created {
		t.Fatal(created, err)
	}
	s2, created, err := LoadOrCreateSigner(path, "ignored")
	if err != nil || created || s2.VerifierKey() != s1.VerifierKey() {
		t.Fatalf("second load: %v %v", created, err)
	}
	v, err := LoadVerifier(VerifierKeyPath(path))
	if err != nil || v.Key() != s1.VerifierKey() {
		t.Fatalf("verifier file: %v", err)
	}
	if _, err := LoadVerifier(s1.VerifierKey()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSigner(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable key was accepted: %v", err)
	}
	if _, _, err := LoadOrCreateSigner(filepath.Join(t.TempDir(), "x.key"), "bad name"); err == nil {
		t.Fatal("a key name with a space was accepted")
	}
}

func TestCheckpointSignAndOpen(t *testing.T) {
	s := testSigner(t)
	root := LeafHash([]byte("x"))
	at := t0.Add(1500 * time.Millisecond)
	cp, err := s.Sign("red-mesa", 7, root, at)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cp.Note), "\nsigned 2021-10-21T12:00:01.500000Z\n\n— ") {
		t.Fatalf("the note does not say when it was signed:\n%s", cp.Note)
	}
	opened, err := s.Verifier().OpenCheckpoint("red-mesa", cp.Note)
	if err != nil || opened.Size != 7 || !bytes.Equal(opened.Root, root) || !opened.SignedAt.Equal(at) {
		t.Fatalf("open: %+v %v", opened, err)
	}
	if _, _, err := s.Verifier().Open("other", cp.Note); err == nil {
		t.Fatal("a checkpoint of one ledger opened as another's")
	}
	if _, _, err := testSigner(t).Verifier().Open("red-mesa", cp.Note); err == nil {
		t.Fatal("a checkpoint opened with another key")
	}
	for _, forged := range [][]byte{
		bytes.Replace(cp.Note, []byte("\n7\n"), []byte("\n8\n"), 1),
		bytes.Replace(cp.Note, []byte("12:00:01.5"), []byte("12:00:02.5"), 1),
	} {
		if _, _, err := s.Verifier().Open("red-mesa", forged); err == nil {
			t.Fatalf("a changed checkpoint opened:\n%s", forged)
		}
	}
	// A checkpoint signed before setsafe signed the time still opens, with
	// no time; one whose time line cannot be read does not.
	tests := []struct {
		name, extension string
		want            time.Time
		ok              bool
	}{
		{"no time", "", time.Time{}, true},
		{"another extension", "witness example.org\n", time.Time{}, true},
		{"the time and another extension", "witness example.org\nsigned 2021-10-21T12:00:00.000001Z\n", t0.Add(time.Microsecond), true},
		{"a time in another zone", "signed 2021-10-21T14:00:00.000000+02:00\n", time.Time{}, false},
		{"a time without microseconds", "signed 2021-10-21T12:00:00Z\n", time.Time{}, false},
		{"two times", "signed 2021-10-21T12:00:00.000000Z\nsigned 2021-10-21T12:00:00.000000Z\n", time.Time{}, false},
	}
	for _, tt := range tests {
		note := signText(t, s, "red-mesa", 7, root, tt.extension)
		got, err := s.Verifier().OpenCheckpoint("red-mesa", note)
		if (err == nil) != tt.ok || (err == nil && (!got.SignedAt.Equal(tt.want) || got.Size != 7)) {
			t.Errorf("%s: %+v %v", tt.name, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "setsafe did not write this note") {
			t.Errorf("%s: the error does not say the note is not setsafe's: %v", tt.name, err)
		}
		// Read back from storage without the key, it says the same.
		read, err := ReadCheckpoint("red-mesa", note)
		if (err == nil) != tt.ok || (err == nil && (!read.SignedAt.Equal(tt.want) || read.Size != 7 || !bytes.Equal(read.Root, root))) {
			t.Errorf("%s: read without the key: %+v %v", tt.name, read, err)
		}
	}
	for _, bad := range [][]byte{nil, []byte("setsafe-test/red-mesa\n7\n"), signText(t, s, "other", 7, root, "")} {
		if cp, err := ReadCheckpoint("red-mesa", bad); err == nil {
			t.Errorf("read %q as a checkpoint of red-mesa: %+v", bad, cp)
		}
	}
}

// FuzzOpenCheckpoint opens checkpoints signed with any extension lines:
// it never panics, and a signed time it returns is the one its note writes
// in the one form setsafe writes it.
func FuzzOpenCheckpoint(f *testing.F) {
	s, _, err := LoadOrCreateSigner(filepath.Join(f.TempDir(), "signing.key"), "setsafe-test")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("signed 2021-10-21T12:00:01.500000Z\n")
	f.Add("signed 2021-10-21T12:00:01Z\n")
	f.Add("witness example.org\nsigned 2021-10-21T12:00:01.500000Z\n")
	f.Add("signed \n")
	f.Fuzz(func(t *testing.T, extension string) {
		root := LeafHash([]byte("x"))
		signed, err := s.signNote("red-mesa", 7, root, extension)
		if err != nil {
			return // not a note's text
		}
		cp, err := s.Verifier().OpenCheckpoint("red-mesa", signed)
		if err != nil {
			return
		}
		// What opens with the key reads the same without it.
		if read, err := ReadCheckpoint("red-mesa", signed); err != nil || read.Size != cp.Size || !bytes.Equal(read.Root, cp.Root) || !read.SignedAt.Equal(cp.SignedAt) {
			t.Fatalf("read without the key %+v %v, opened with it %+v", read, err, cp)
		}
		if cp.Size != 7 || !bytes.Equal(cp.Root, root) {
			t.Fatalf("opened %+v", cp)
		}
		line := "\nsigned " + cp.SignedAt.Format("2006-01-02T15:04:05.000000Z") + "\n"
		if !cp.SignedAt.IsZero() && (!strings.Contains("\n"+extension, line) || strings.Count("\n"+extension, "\nsigned ") != 1) {
			t.Fatalf("signed at %v from the extension %q", cp.SignedAt, extension)
		}
		if cp.SignedAt.IsZero() && strings.Contains("\n"+extension, "\nsigned ") {
			t.Fatalf("no signed time from the extension %q", extension)
		}
	})
}

// signText signs a checkpoint note with any extension lines, as setsafe
// did before it signed the time (none) or as another signer might.
func signText(t *testing.T, s *Signer, ledger string, size uint64, root []byte, extension string) []byte {
	t.Helper()
	signed, err := s.signNote(ledger, size, root, extension)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// TestDerivedKeys checks that a key derived from the signing key is the
// same after a restart, and differs by purpose and by signing key.
func TestDerivedKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "signing.key")
	s1, _, err := LoadOrCreateSigner(path, "site-a")
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadSigner(path)
	if err != nil {
		t.Fatal(err)
	}
	other := testSigner(t)
	k := s1.Key("seal")
	if len(k) != 32 || !bytes.Equal(k, again.Key("seal")) {
		t.Errorf("the key changed after loading the signing key again: %x, %x", k, again.Key("seal"))
	}
	if bytes.Equal(k, s1.Key("other")) || bytes.Equal(k, other.Key("seal")) {
		t.Error("keys of other purposes or other signing keys are equal")
	}
}

// TestTreeCopy grows a tree and its copy apart and checks that each has
// the root of the leaves it was given.
func TestTreeCopy(t *testing.T) {
	leaf := func(i int) []byte { return LeafHash([]byte{byte(i)}) }
	tree := NewTree()
	for i := range 11 {
		tree.Append(leaf(i))
	}
	cp := tree.Copy()
	for i := 11; i < 16; i++ {
		tree.Append(leaf(i))
	}
	cp.Append(leaf(100))
	want := func(leaves ...int) []byte {
		w := NewTree()
		for _, i := range leaves {
			w.Append(leaf(i))
		}
		return w.Root()
	}
	upTo := func(n int, more ...int) []int {
		var out []int
		for i := range n {
			out = append(out, i)
		}
		return append(out, more...)
	}
	if !bytes.Equal(tree.Root(), want(upTo(16)...)) || tree.Size() != 16 {
		t.Fatal("the tree changed when its copy grew")
	}
	if !bytes.Equal(cp.Root(), want(upTo(11, 100)...)) || cp.Size() != 12 {
		t.Fatal("the copy changed when the tree grew")
	}
}

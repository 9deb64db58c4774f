package evidence

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/setsafe/setsafe/ledger"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

// fixture is a small real ledger: entries encoded by setsafe's ledger
// package, checkpoints signed with its signer and cosigned by test
// witnesses.
type fixture struct {
	t         testing.TB
	ledgerID  string
	signer    *ledger.Signer
	noteSign  note.Signer // the same key, to sign statements
	entries   [][]byte
	leaves    [][]byte
	times     []time.Time
	types     []string
	witnesses []*testWitness
	file      []byte // an attached file
	fileHash  string
	// signLate is how long after the entry at its size a checkpoint is
	// signed; negative to sign one before it.
	signLate time.Duration
}

var fixtureStart = time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)

// newFixture makes a ledger of n entries: entry 2 sets profile US-CA,
// every third entry is a firearm hand-off, entries 5 and 11 are refusals
// of a hand-off, entry 7 attaches a file.
func newFixture(t testing.TB, n int, witnesses ...*testWitness) *fixture {
	t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, "setsafe-test")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "signing.key")
	if err := os.WriteFile(path, []byte(skey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := ledger.LoadSigner(path)
	if err != nil {
		t.Fatal(err)
	}
	ns, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ledgerID: "red-mesa", signer: signer, noteSign: ns, witnesses: witnesses,
		file: []byte("photo of the prop truck's lock box"), signLate: time.Second}
	sum := sha256.Sum256(f.file)
	f.fileHash = hex.EncodeToString(sum[:])
	for seq := 1; seq <= n; seq++ {
		typ, body := "concern.raised", fmt.Sprintf(`{"concern":"c%d","what":"loose cable"}`, seq)
		switch {
		case seq == 2:
			typ, body = ProfileSetType, `{"profile":"US-CA"}`
		case seq == 7:
			typ, body = "file.attached", `{"content_type":"image/jpeg","file":"`+f.fileHash+`"}`
		case seq == 5 || seq == 11:
			typ, body = "action.refused", `{"action":"hand_over","firearm":"f1"}`
		case seq%3 == 0:
			typ, body = "firearm.handed_over", fmt.Sprintf(`{"firearm":"f%d","to":"person:p2"}`, seq%4)
		}
		f.add(typ, body)
	}
	return f
}

func (f *fixture) add(typ, body string) {
	seq := len(f.entries) + 1
	at := fixtureStart.Add(time.Duration(seq) * time.Minute)
	e, err := ledger.EncodeEnvelope(ledger.Envelope{Ledger: f.ledgerID, Seq: int64(seq), Time: at, Actor: "person:p1",
		Type: typ, Version: 1, Body: []byte(body)})
	if err != nil {
		f.t.Fatal(err)
	}
	f.entries = append(f.entries, e)
	f.leaves = append(f.leaves, ledger.LeafHash(e))
	f.times = append(f.times, at)
	f.types = append(f.types, typ)
}

func (f *fixture) origin() string { return ledger.Origin(f.signer.Name(), f.ledgerID) }

// root returns the root of the tree of the first size entries.
func (f *fixture) root(size uint64) []byte {
	return subtreeRoot(f.leaves[:size])
}

func subtreeRoot(leaves [][]byte) []byte {
	if len(leaves) == 0 {
		return rfc6962.DefaultHasher.EmptyRoot()
	}
	r := rangeFactory.NewEmptyRange(0)
	for _, l := range leaves {
		r.Append(l, nil)
	}
	root, _ := r.GetRootHash(nil)
	return root
}

// leftEdge returns the roots of the perfect subtrees of the first n
// entries.
func (f *fixture) leftEdge(n uint64) [][]byte {
	r := rangeFactory.NewEmptyRange(0)
	for _, l := range f.leaves[:n] {
		r.Append(l, nil)
	}
	return r.Hashes()
}

// consistency returns the consistency proof between two sizes.
func (f *fixture) consistency(size1, size2 uint64) [][]byte {
	n, err := proof.Consistency(size1, size2)
	if err != nil {
		f.t.Fatal(err)
	}
	hashes := make([][]byte, len(n.IDs))
	for i, id := range n.IDs {
		begin := id.Index << id.Level
		hashes[i] = subtreeRoot(f.leaves[begin : begin+1<<id.Level])
	}
	p, err := n.Rehash(hashes, rfc6962.DefaultHasher.HashChildren)
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

// checkpoint returns the signed checkpoint at a size, cosigned by the
// fixture's witnesses.
func (f *fixture) checkpoint(size uint64) []byte {
	at := fixtureStart.Add(time.Duration(size)*time.Minute + f.signLate)
	cp, err := f.signer.Sign(f.ledgerID, size, f.root(size), at)
	if err != nil {
		f.t.Fatal(err)
	}
	signed := cp.Note
	for _, w := range f.witnesses {
		signed = w.cosign(f.t, signed)
	}
	return signed
}

// bundleSpec says what bundle to write of a fixture.
type bundleSpec struct {
	from, to    uint64
	withheld    []uint64
	checkpoints []uint64 // sizes, the last one the head
	attach      bool
	// dropFile leaves entry 7's file out without saying so; otherwise a
	// bundle without it declares it withheld, as an export does.
	dropFile  bool
	statement *Statement
	// change alters what is written, for tests of what the verifier
	// refuses.
	changeHead func(*Head)
}

func (f *fixture) write(spec bundleSpec) []byte {
	f.t.Helper()
	var buf bytes.Buffer
	m := Manifest{
		Origin: f.origin(), Ledger: f.ledgerID, Production: "Red Mesa", VerifierKey: f.signer.VerifierKey(),
		From: spec.from, To: spec.to, LeftEdge: f.leftEdge(spec.from - 1),
		Period:    &Period{From: fixtureStart, To: fixtureStart.Add(24 * time.Hour)},
		CreatedAt: time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC),
	}
	for _, w := range f.witnesses {
		m.Witnesses = append(m.Witnesses, Witness{Name: w.name, Key: w.vkey})
	}
	m.Quorum = len(f.witnesses)
	if len(spec.withheld) > 0 {
		m.Withholding = "confidential reports"
	}
	withheld := map[uint64]bool{}
	for _, s := range spec.withheld {
		withheld[s] = true
	}
	if !spec.attach && !spec.dropFile && spec.from <= 7 && 7 <= spec.to && !withheld[7] {
		m.AttachmentsWithheld = 1
	}
	bw := NewWriter(&buf, m)
	for seq := spec.from; seq <= spec.to; seq++ {
		var err error
		if withheld[seq] {
			err = bw.Withheld(seq, f.leaves[seq-1], "concern.raised")
		} else {
			err = bw.Entry(seq, f.entries[seq-1])
		}
		if err != nil {
			f.t.Fatal(err)
		}
	}
	for _, size := range spec.checkpoints {
		if err := bw.Checkpoint(f.checkpoint(size)); err != nil {
			f.t.Fatal(err)
		}
	}
	if spec.attach {
		a := Attachment{SHA256: f.fileHash, Size: int64(len(f.file)), ContentType: "image/jpeg", Entries: []uint64{7}}
		if err := bw.Attachment(a, bytes.NewReader(f.file)); err != nil {
			f.t.Fatal(err)
		}
	}
	if spec.statement != nil {
		signed, err := note.Sign(&note.Note{Text: spec.statement.Text()}, f.noteSign)
		if err != nil {
			f.t.Fatal(err)
		}
		if err := bw.Attestation(signed); err != nil {
			f.t.Fatal(err)
		}
	}
	head := spec.checkpoints[len(spec.checkpoints)-1]
	h := Head{Size: head}
	if head > spec.to {
		h.Consistency = f.consistency(spec.to, head)
	}
	if spec.changeHead != nil {
		spec.changeHead(&h)
	}
	if err := bw.Close(h); err != nil {
		f.t.Fatal(err)
	}
	return buf.Bytes()
}

// statement returns a true statement of entries first..last, which the
// checkpoint at size cp covers.
func (f *fixture) statement(first, last, cp uint64) *Statement {
	s := &Statement{
		Origin: f.origin(), Production: "Red Mesa", CheckpointSize: cp, CheckpointRoot: f.root(cp),
		// The period of exactly entries first..last: from the first's
		// time to the next entry's.
		Period: Period{From: f.times[first-1], To: f.times[last-1].Add(time.Minute)},
		First:  first, Last: last, Profile: "US-CA", ProfileEntry: 2,
		Claim: []string{"Every firearm hand-off of the period was recorded under profile US-CA."},
	}
	handoffs := Count{Name: "firearm-issues", Type: "firearm.handed_over"}
	refused := Count{Name: "refused-issues", Type: "action.refused", Where: []FieldIs{{"action", "hand_over"}}}
	for seq := first; seq <= last; seq++ {
		switch f.types[seq-1] {
		case "firearm.handed_over":
			handoffs.Entries = append(handoffs.Entries, seq)
		case "action.refused":
			refused.Entries = append(refused.Entries, seq)
		}
	}
	s.Counts = []Count{handoffs, refused}
	return s
}

func (f *fixture) options() Options {
	o := Options{Key: f.signer.VerifierKey()}
	for _, w := range f.witnesses {
		o.Witnesses = append(o.Witnesses, w.vkey)
	}
	return o
}

// verifyBytes writes a bundle to a file and verifies it.
func verifyFile(t testing.TB, b []byte, opt Options) *Report {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bundle.zip")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := VerifyFile(path, opt)
	if err != nil {
		t.Fatalf("VerifyFile: %v", err)
	}
	return r
}

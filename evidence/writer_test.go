package evidence

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestWriterRefuses: the writer checks its own input and says what was
// wrong.
func TestWriterRefuses(t *testing.T) {
	f := newFixture(t, 12)
	start := func(m func(*Manifest)) (*Writer, *bytes.Buffer) {
		var buf bytes.Buffer
		man := Manifest{Origin: f.origin(), Ledger: f.ledgerID, VerifierKey: f.signer.VerifierKey(), From: 3, To: 6, LeftEdge: f.leftEdge(2)}
		if m != nil {
			m(&man)
		}
		return NewWriter(&buf, man), &buf
	}
	entries := func(w *Writer, from, to uint64) error {
		for seq := from; seq <= to; seq++ {
			if err := w.Entry(seq, f.entries[seq-1]); err != nil {
				return err
			}
		}
		return nil
	}
	for _, tc := range []struct {
		name string
		man  func(*Manifest)
		do   func(w *Writer) error
		want string
	}{
		{"no origin", func(m *Manifest) { m.Origin = "" }, func(w *Writer) error { return entries(w, 3, 3) }, "needs the origin"},
		{"range backwards", func(m *Manifest) { m.To = 2 }, func(w *Writer) error { return entries(w, 3, 3) }, "not a range of entries"},
		{"left edge short", func(m *Manifest) { m.LeftEdge = nil }, func(w *Writer) error { return entries(w, 3, 3) }, "left edge of 2 entries needs 1 hashes, not 0"},
		{"entry skipped", nil, func(w *Writer) error { return w.Entry(4, f.entries[3]) }, "entry 4 written where entry 3 is next"},
		{"entry repeated", nil, func(w *Writer) error { entries(w, 3, 3); return w.Entry(3, f.entries[2]) }, "entry 3 written where entry 4 is next"},
		{"entry beyond To", nil, func(w *Writer) error { return entries(w, 3, 7) }, "entry 7 is after the bundle's last entry 6"},
		{"entry bytes of another", nil, func(w *Writer) error { return w.Entry(3, f.entries[4]) }, "says it is entry 5"},
		{"entry not an entry", nil, func(w *Writer) error { return w.Entry(3, []byte("hello")) }, "not an entry of format 1"},
		{"withheld short hash", nil, func(w *Writer) error { return w.Withheld(3, make([]byte, 31), "concern.raised") }, "its leaf hash has 31 bytes, not 32"},
		{"checkpoint before the entries end", nil, func(w *Writer) error { entries(w, 3, 5); return w.Checkpoint(f.checkpoint(5)) }, "entries 6 to 6 are not written"},
		{"checkpoints out of order", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(6))
			return w.Checkpoint(f.checkpoint(4))
		}, "the checkpoint at size 4 comes after the one at size 6"},
		{"checkpoint before the bundle", nil, func(w *Writer) error { entries(w, 3, 6); return w.Checkpoint(f.checkpoint(1)) }, "before the bundle's entries"},
		{"two checkpoints beyond To", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(8))
			return w.Checkpoint(f.checkpoint(9))
		}, "only the head may be beyond it"},
		{"checkpoint not a note", nil, func(w *Writer) error { entries(w, 3, 6); return w.Checkpoint([]byte("x\n")) }, "not a signed note"},
		{"head before the last entry", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(5))
			return w.Close(Head{Size: 5})
		}, "the head, is at size 5, before the last entry 6"},
		{"head not the last checkpoint", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(6))
			return w.Close(Head{Size: 8})
		}, "the head is at size 8 but the last checkpoint written is at size 6"},
		{"attachment that does not hash", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(6))
			return w.Attachment(Attachment{SHA256: f.fileHash, Size: int64(len(f.file)), Entries: []uint64{3}}, strings.NewReader("other"))
		}, "hashes to"},
		{"attachment of an entry outside", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(6))
			return w.Attachment(Attachment{SHA256: f.fileHash, Size: int64(len(f.file)), Entries: []uint64{2}}, strings.NewReader(string(f.file)))
		}, "its entries must be in 3..6"},
		{"entry after a checkpoint", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(6))
			return w.Entry(7, f.entries[6])
		}, "written out of order"},
		{"two attestations", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(6))
			w.Attestation([]byte("a"))
			return w.Attestation([]byte("b"))
		}, "one attestation"},
		{"closed twice", nil, func(w *Writer) error {
			entries(w, 3, 6)
			w.Checkpoint(f.checkpoint(6))
			w.Close(Head{Size: 6})
			return w.Close(Head{Size: 6})
		}, "closed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := start(tc.man)
			err := tc.do(w)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
			// Once refused, the writer refuses everything after.
			if err := w.Close(Head{Size: 6}); err == nil {
				t.Error("Close after a refusal succeeded")
			}
		})
	}
}

// TestWriterArchive: every member is stored, dated the bundle's creation,
// in the order the format sets.
func TestWriterArchive(t *testing.T) {
	f := newFixture(t, 12)
	b := f.write(bundleSpec{from: 1, to: 10, checkpoints: []uint64{10, 12}, attach: true, statement: f.statement(3, 8, 10)})
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
	}
	want := []string{"entries.bin", "checkpoints.bin", "attachments/" + f.fileHash, "attestation.txt", "manifest.json", "verifier-key.txt", "README.txt"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("members %v, want %v", names, want)
	}
	for _, zf := range zr.File {
		if zf.Method != 0 {
			t.Errorf("%s: method %d, want stored", zf.Name, zf.Method)
		}
		if got := zf.Modified.UTC().Format("2006-01-02T15:04:05"); got != "2026-12-04T20:00:00" {
			t.Errorf("%s: modified %s", zf.Name, got)
		}
	}
	readme := readMember(t, zr, "README.txt")
	for _, want := range []string{"setsafe-verify --key KEY BUNDLE", "setsafe verify-bundle", "withheld", "not changed after the checkpoint"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %q", want)
		}
	}
	if got := readMember(t, zr, "verifier-key.txt"); got != f.signer.VerifierKey()+"\n" {
		t.Errorf("verifier-key.txt %q", got)
	}
	if m := readMember(t, zr, "manifest.json"); !strings.HasPrefix(m, "{\n  \"format\": \"setsafe-evidence-bundle/1\",\n") || !strings.Contains(m, "\"attestation\": true") {
		t.Errorf("manifest:\n%s", m)
	}
}

func readMember(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

package evidence

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestVerifyMembers(t *testing.T) {
	f := newFixture(t, 12)
	good := f.write(bundleSpec{from: 1, to: 10, checkpoints: []uint64{5, 10}, attach: true, statement: f.statement(3, 9, 10)})
	if r := verifyFile(t, rearrange(t, good, func(m []member) []member { return m }), f.options()); !r.OK() {
		t.Fatalf("the bundle written again does not verify: %v", r.Problems)
	}
	for _, tc := range []struct {
		name        string
		change      func([]member) []member
		where, what string
	}{
		{"extra member", func(m []member) []member {
			return append(m[:len(m)-1:len(m)-1], member{"notes.txt", []byte("trust me")}, m[len(m)-1])
		}, "archive member notes.txt", "not a member the manifest describes"},
		{"attachment missing", func(m []member) []member { return append(m[:2:2], m[3:]...) },
			"attachment " + f.fileHash, "listed in the manifest but missing"},
		{"README missing", func(m []member) []member { return m[:len(m)-1] }, "archive member README.txt", "missing"},
		{"attestation missing", func(m []member) []member { return append(m[:3:3], m[4:]...) }, "attestation", "does not"},
		{"members swapped", func(m []member) []member { m[0], m[1] = m[1], m[0]; return m },
			"archive member checkpoints.bin", "out of place: entries.bin comes here"},
		{"entries missing", func(m []member) []member { return m[1:] }, "archive member entries.bin", "missing"},
		{"entry removed", func(m []member) []member {
			// Drop the record of entry 4 from entries.bin.
			data := m[0].data
			rr := newRecordReader(strings.NewReader(string(data)))
			var out []byte
			for {
				rec, err := rr.next()
				if err != nil {
					break
				}
				if rec.Seq != 4 {
					out = appendEntryRecord(out, rec.Seq, rec.Leaf, rec.Entry)
				}
			}
			m[0].data = out
			return m
		}, "entry 4", "a record of entry 5 is where entry 4 comes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := verifyFile(t, rearrange(t, good, tc.change), f.options())
			for _, p := range r.Problems {
				if p.Where == tc.where && strings.Contains(p.What, tc.what) {
					return
				}
			}
			t.Errorf("no problem at %q saying %q:\n%s", tc.where, tc.what, problemLines(r))
		})
	}
}

// TestVerifyFileErrors: what stops the check itself is an error, not a
// problem of the bundle.
func TestVerifyFileErrors(t *testing.T) {
	w := newTestWitness(t, "w.example")
	f := newFixture(t, 4, w)
	dir := t.TempDir()
	path := filepath.Join(dir, "b.zip")
	if err := os.WriteFile(path, f.write(bundleSpec{from: 1, to: 4, checkpoints: []uint64{4}}), 0o644); err != nil {
		t.Fatal(err)
	}
	key := f.signer.VerifierKey()
	for _, tc := range []struct {
		name string
		path string
		opt  Options
		want string
	}{
		{"no key", path, Options{}, "verifier key is needed"},
		{"bad key", path, Options{Key: "x+1+2"}, "the ledger's verifier key"},
		{"ledger key as a witness", path, Options{Key: key, Witnesses: []string{key}}, "not a cosignature key"},
		{"witness twice", path, Options{Key: key, Witnesses: []string{w.vkey, w.vkey}}, "given twice"},
		{"quorum too high", path, Options{Key: key, Witnesses: []string{w.vkey}, Quorum: 2}, "cannot be met"},
		{"bad attestation key", path, Options{Key: key, AttestationKey: "nope"}, "the attestation key"},
		{"no file", filepath.Join(dir, "none.zip"), Options{Key: key}, "open bundle"},
		{"a directory", dir, Options{Key: key}, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := VerifyFile(tc.path, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("VerifyFile: %v, %v; want an error saying %q", r, err, tc.want)
			}
		})
	}
	if r, err := VerifyFile(path, Options{Key: key, Witnesses: []string{w.vkey}, Quorum: 1}); err != nil || !r.OK() || !r.Final {
		t.Errorf("the bundle: %v, %+v", err, r)
	}
}

// TestVerifyCheckpointSignedBeforeItsEntries: a checkpoint cannot have
// been signed before the entries it covers were recorded.
func TestVerifyCheckpointSignedBeforeItsEntries(t *testing.T) {
	f := newFixture(t, 8)
	f.signLate = -90 * time.Second
	r := verifyFile(t, f.write(bundleSpec{from: 1, to: 8, checkpoints: []uint64{4, 8}}), f.options())
	for _, size := range []string{"4", "8"} {
		found := false
		for _, p := range r.Problems {
			found = found || p.Where == "checkpoint at size "+size && strings.Contains(p.What, "before the time of an entry it covers")
		}
		if !found {
			t.Errorf("checkpoint at size %s signed before its last entry: not reported\n%s", size, problemLines(r))
		}
	}
}

package evidence

import (
	"strings"
	"testing"
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

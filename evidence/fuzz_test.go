package evidence

import (
	"bytes"
	"io"
	"testing"
)

// FuzzVerifyBundle verifies arbitrary bytes as a bundle: it must report,
// never panic.
func FuzzVerifyBundle(f *testing.F) {
	fx := newFixture(f, 10)
	good := fx.write(bundleSpec{from: 2, to: 9, withheld: []uint64{9}, checkpoints: []uint64{5, 9, 10}, attach: true, statement: fx.statement(3, 7, 9)})
	f.Add(good)
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	opt := fx.options()
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := verifyBytes(b, opt)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(b, good) != r.OK() {
			t.Fatalf("OK %v for %d bytes: %v", r.OK(), len(b), r.Problems)
		}
		for _, p := range r.Problems {
			if p.Where == "" || p.What == "" {
				t.Fatalf("a problem says nothing of where or what: %q", p)
			}
		}
	})
}

// FuzzEntryRecords reads arbitrary bytes as entries.bin: records come
// out, or an error, never a panic; a record read is written back the same.
func FuzzEntryRecords(f *testing.F) {
	fx := newFixture(f, 4)
	var b []byte
	for i, e := range fx.entries {
		b = appendEntryRecord(b, uint64(i+1), fx.leaves[i], e)
	}
	b = appendWithheldRecord(b, 5, make([]byte, 32), "concern.raised")
	f.Add(b)
	f.Add(b[:len(b)-3])
	f.Fuzz(func(t *testing.T, b []byte) {
		rr := newRecordReader(bytes.NewReader(b))
		var again []byte
		for {
			rec, err := rr.next()
			if err == io.EOF {
				if !bytes.Equal(again, b) {
					t.Fatal("the records read do not write back as the input")
				}
				return
			}
			if err != nil {
				return
			}
			if rec.Kind == KindEntry {
				again = appendEntryRecord(again, rec.Seq, rec.Leaf, rec.Entry)
				if e, err := DecodeEntry(rec.Entry); err == nil && (e.Seq < 1 || e.Corrects >= e.Seq) {
					t.Fatalf("decoded an entry out of range: %+v", e)
				}
			} else {
				again = appendWithheldRecord(again, rec.Seq, rec.Leaf, rec.StatedType)
			}
		}
	})
}

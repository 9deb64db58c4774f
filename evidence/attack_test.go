package evidence

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/torchwood"
)

// Bundles made by someone who holds the production's database but not its
// signing key, or who holds the key but not the witnesses' keys: each
// misrepresents the ledger, and the verifier must say so.

// editManifest returns the bundle with its manifest changed and written
// again as a bundle's manifest is, with the README that goes with it.
func editManifest(t testing.TB, bundle []byte, change func(*Manifest)) []byte {
	t.Helper()
	return rearrange(t, bundle, func(ms []member) []member {
		var m Manifest
		for _, x := range ms {
			if x.name == memberManifest {
				if err := json.Unmarshal(x.data, &m); err != nil {
					t.Fatal(err)
				}
			}
		}
		change(&m)
		b, err := marshalManifest(&m)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ms {
			switch ms[i].name {
			case memberManifest:
				ms[i].data = b
			case memberReadme:
				ms[i].data = []byte(readmeText(&m))
			}
		}
		return ms
	})
}

// mapRecords rewrites entries.bin record by record.
func mapRecords(t testing.TB, data []byte, change func(rec record) []record) []byte {
	t.Helper()
	rr := newRecordReader(bytes.NewReader(data))
	var out []byte
	for {
		rec, err := rr.next()
		if err != nil {
			break
		}
		rec.Leaf = bytes.Clone(rec.Leaf)
		rec.Entry = bytes.Clone(rec.Entry)
		for _, r := range change(rec) {
			if r.Kind == KindWithheld {
				out = appendWithheldRecord(out, r.Seq, r.Leaf, r.StatedType)
			} else {
				out = appendEntryRecord(out, r.Seq, r.Leaf, r.Entry)
			}
		}
	}
	return out
}

func wantProblem(t *testing.T, r *Report, where, what string) {
	t.Helper()
	if r.OK() {
		t.Fatalf("the bundle verified; want a problem at %q saying %q", where, what)
	}
	for _, p := range r.Problems {
		if (where == "" || p.Where == where) && strings.Contains(p.What, what) {
			return
		}
	}
	t.Errorf("no problem at %q saying %q; problems:\n%s", where, what, problemLines(r))
}

// TestAttackEntries: entries changed, reordered, inserted, dropped or
// swapped for withheld ones, each consistently with entries.bin's format.
func TestAttackEntries(t *testing.T) {
	w1, w2 := newTestWitness(t, "union.example/witness"), newTestWitness(t, "insurer.example/w")
	f := newFixture(t, 30, w1, w2)
	good := f.write(bundleSpec{from: 5, to: 20, checkpoints: []uint64{4, 12, 20, 24}, attach: true})
	if r := verifyFile(t, good, f.options()); !r.OK() {
		t.Fatalf("good bundle: %v", r.Problems)
	}
	other := newFixture(t, 0, w1, w2)
	other.ledgerID = "blue-ridge"
	for range 30 {
		other.add("concern.raised", `{"concern":"c1","what":"loose cable"}`)
	}
	for _, tc := range []struct {
		name        string
		change      func(rec record) []record
		where, what string
	}{
		{"entry changed with its leaf", func(rec record) []record {
			if rec.Seq == 9 {
				rec.Entry = f.entries[9] // entry 10's bytes, seq 10 inside
				rec.Leaf = f.leaves[9]
			}
			return []record{rec}
		}, "entry 9", "the entry says it is entry 10"},
		{"entry of another ledger", func(rec record) []record {
			if rec.Seq == 9 {
				rec.Entry, rec.Leaf = other.entries[8], other.leaves[8]
			}
			return []record{rec}
		}, "checkpoint at size 12", "the entries do not hash to its root"},
		{"two entries swapped, numbers kept", func(rec record) []record {
			switch rec.Seq {
			case 14:
				rec.Entry, rec.Leaf = f.entries[14], f.leaves[14]
			case 15:
				rec.Entry, rec.Leaf = f.entries[13], f.leaves[13]
			}
			return []record{rec}
		}, "", "entry"},
		{"entry inserted", func(rec record) []record {
			if rec.Seq == 16 {
				return []record{rec, rec}
			}
			return []record{rec}
		}, "entry 17", "a record of entry 16 is where entry 17 comes"},
		{"entry dropped, numbers closed up", func(rec record) []record {
			if rec.Seq == 16 {
				return nil
			}
			if rec.Seq > 16 {
				rec.Seq--
			}
			return []record{rec}
		}, "", "entr"},
		{"entry withheld under another leaf", func(rec record) []record {
			if rec.Seq == 11 {
				return []record{{Seq: 11, Kind: KindWithheld, Leaf: f.leaves[12], StatedType: "concern.raised"}}
			}
			return []record{rec}
		}, "checkpoint at size 12", "an entry from 5 to 12 was changed"},
		{"withheld entry changed for a made-up one", func(rec record) []record {
			if rec.Seq == 13 {
				e := bytes.Replace(f.entries[12], []byte("loose cable"), []byte("loose cabLe"), 1)
				l := leafHash(e)
				rec.Entry, rec.Leaf = e, l[:]
			}
			return []record{rec}
		}, "", "do not hash to its root"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := rewrite(t, good, memberEntries, func(data []byte) []byte { return mapRecords(t, data, tc.change) })
			r := verifyFile(t, b, f.options())
			wantProblem(t, r, tc.where, tc.what)
		})
	}
	// Entries withheld in a bundle made for a third party and given
	// back as entries of the attacker's making.
	t.Run("withheld entry given other content", func(t *testing.T) {
		b := f.write(bundleSpec{from: 5, to: 20, withheld: []uint64{8}, checkpoints: []uint64{12, 20}})
		b = rewrite(t, b, memberEntries, func(data []byte) []byte {
			return mapRecords(t, data, func(rec record) []record {
				if rec.Seq == 8 {
					e := bytes.Replace(f.entries[7], []byte("loose cable"), []byte("all fine!!!"), 1)
					l := leafHash(e)
					return []record{{Seq: 8, Kind: KindEntry, Leaf: l[:], Entry: e}}
				}
				return []record{rec}
			})
		})
		b = editManifest(t, b, func(m *Manifest) { m.Withheld = 0; m.Withholding = "" })
		wantProblem(t, verifyFile(t, b, f.options()), "checkpoint at size 12", "do not hash to its root")
	})
}

// TestAttackHuge: lengths and counts an attacker chose, to exhaust memory
// or make the verifier panic.
func TestAttackHuge(t *testing.T) {
	f := newFixture(t, 12)
	good := f.write(bundleSpec{from: 1, to: 12, checkpoints: []uint64{12}})
	for _, tc := range []struct {
		name        string
		bundle      func() []byte
		where, what string
	}{
		{"entry of 4 GiB announced", func() []byte {
			return rewrite(t, good, memberEntries, func(data []byte) []byte {
				rec := make([]byte, 8+1+32+4)
				binary.BigEndian.PutUint64(rec, 1)
				binary.BigEndian.PutUint32(rec[41:], 0xffffffff)
				return rec
			})
		}, "entry 1", "more than an entry can be"},
		{"checkpoint of 4 GiB announced", func() []byte {
			return rewrite(t, good, memberCheckpoints, func([]byte) []byte { return []byte{0xff, 0xff, 0xff, 0xff} })
		}, "archive member checkpoints.bin", "more than a checkpoint can be"},
		{"manifest with a million left-edge hashes", func() []byte {
			return editManifest(t, good, func(m *Manifest) {
				m.LeftEdge = make([][]byte, 1<<20)
				h := make([]byte, 32)
				for i := range m.LeftEdge {
					m.LeftEdge[i] = h
				}
			})
		}, "manifest", "more than a left edge or a consistency proof holds"},
		{"manifest with a million attaching entries", func() []byte {
			return editManifest(t, good, func(m *Manifest) {
				m.From, m.To = 1, 1<<40
				a := Attachment{SHA256: f.fileHash, Size: 1, ContentType: "image/jpeg"}
				for i := range uint64(1 << 20) {
					a.Entries = append(a.Entries, i*(1<<19)+1)
				}
				m.Attachments = []Attachment{a}
			})
		}, "", ""},
		{"compressed member of 1 GiB of zeros", func() []byte {
			var out bytes.Buffer
			zw := zip.NewWriter(&out)
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: memberEntries, Method: zip.Deflate})
			zero := make([]byte, 1<<20)
			for range 1 << 10 {
				w.Write(zero)
			}
			zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
			for _, zf := range zr.File[1:] {
				rc, _ := zf.Open()
				data := new(bytes.Buffer)
				data.ReadFrom(rc)
				w, _ := zw.CreateHeader(memberHeader(zf.Name, zf.Modified))
				w.Write(data.Bytes())
			}
			zw.Close()
			return out.Bytes()
		}, "archive member entries.bin", "it is compressed"},
		{"compressed checkpoints of 1 GiB of zeros", func() []byte {
			return compressedMember(t, good, memberCheckpoints, 1<<30)
		}, "archive member checkpoints.bin", "it is compressed"},
		{"compressed manifest of 1 GiB of spaces", func() []byte {
			return compressedMember(t, good, memberManifest, 1<<30)
		}, "archive member manifest.json", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.bundle()
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			peak := startHeapPeak()
			r := verifyFile(t, b, f.options())
			grew := peak.end() - min(peak.peak, before.HeapAlloc)
			if r.OK() {
				t.Fatal("the bundle verified")
			}
			if tc.what != "" {
				wantProblem(t, r, tc.where, tc.what)
			}
			// What verifying allocates is bounded by the small members'
			// limits, whatever the bundle announces.
			t.Logf("verifying a bundle of %d MiB: the heap grew by %d MiB at most", len(b)>>20, grew>>20)
			// Within a few times the manifest, which is at most 64 MiB,
			// rather than its hashes or numbers decoded one by one.
			if grew > uint64(8*len(b))+64<<20 {
				t.Errorf("verifying a bundle of %d MiB grew the heap by %d MiB", len(b)>>20, grew>>20)
			}
		})
	}
}

// TestAttackArchive: zip tricks that a reader of the archive might take
// differently from the verifier.
func TestAttackArchive(t *testing.T) {
	f := newFixture(t, 12)
	good := f.write(bundleSpec{from: 1, to: 12, checkpoints: []uint64{6, 12}, attach: true})
	created := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	members := func() []member {
		var ms []member
		rearrange(t, good, func(m []member) []member { ms = m; return m })
		return ms
	}
	write := func(header func(i int, m member) *zip.FileHeader, comment string) []byte {
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		for i, m := range members() {
			w, err := zw.CreateHeader(header(i, m))
			if err != nil {
				t.Fatal(err)
			}
			w.Write(m.data)
		}
		if comment != "" {
			zw.SetComment(comment)
		}
		zw.Close()
		return out.Bytes()
	}
	for _, tc := range []struct {
		name   string
		bundle func() []byte
	}{
		{"duplicate entries.bin, the second one changed", func() []byte {
			return rearrange(t, good, func(m []member) []member {
				changed := member{memberEntries, bytes.Replace(m[0].data, []byte("loose cable"), []byte("all checked"), 1)}
				return append([]member{m[0], changed}, m[1:]...)
			})
		}},
		{"extra field on a member", func() []byte {
			return write(func(i int, m member) *zip.FileHeader {
				h := memberHeader(m.name, created)
				if i == 0 {
					h.Extra = []byte{0x99, 0x99, 4, 0, 1, 2, 3, 4}
				}
				return h
			}, "")
		}},
		{"archive comment", func() []byte {
			return write(func(_ int, m member) *zip.FileHeader { return memberHeader(m.name, created) }, "verified by setsafe")
		}},
		{"sizes in the local header, no data descriptor", func() []byte {
			var out bytes.Buffer
			zw := zip.NewWriter(&out)
			for _, m := range members() {
				h := memberHeader(m.name, created)
				h.CRC32 = crc(m.data)
				h.CompressedSize64, h.UncompressedSize64 = uint64(len(m.data)), uint64(len(m.data))
				w, err := zw.CreateRaw(h)
				if err != nil {
					t.Fatal(err)
				}
				w.Write(m.data)
			}
			zw.Close()
			return out.Bytes()
		}},
		{"bytes before the archive", func() []byte { return append([]byte("MZ this is a program"), good...) }},
		{"member dated otherwise", func() []byte {
			return write(func(i int, m member) *zip.FileHeader {
				return memberHeader(m.name, created.Add(time.Duration(i)*time.Second))
			}, "")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := verifyFile(t, tc.bundle(), f.options())
			if r.OK() {
				t.Fatal("the bundle verified")
			}
		})
	}
}

// compressedMember returns the bundle with one member replaced by n
// bytes of zeros (spaces for the manifest), compressed.
func compressedMember(t testing.TB, bundle []byte, name string, n int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(bundle), int64(len(bundle)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name == name {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
			chunk := make([]byte, 1<<20)
			if name == memberManifest {
				chunk = bytes.Repeat([]byte(" "), 1<<20)
			}
			for range n >> 20 {
				w.Write(chunk)
			}
			continue
		}
		rc, _ := zf.Open()
		data := new(bytes.Buffer)
		data.ReadFrom(rc)
		w, _ := zw.CreateHeader(memberHeader(zf.Name, zf.Modified))
		w.Write(data.Bytes())
	}
	zw.Close()
	return out.Bytes()
}

func crc(b []byte) uint32 {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, _ := zw.Create("x")
	w.Write(b)
	zw.Close()
	zr, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	return zr.File[0].CRC32
}

// TestAttackCheckpoints: checkpoints of another ledger, proofs that
// prove nothing, cosignatures of another checkpoint.
func TestAttackCheckpoints(t *testing.T) {
	w1, w2 := newTestWitness(t, "union.example/witness"), newTestWitness(t, "insurer.example/w")
	f := newFixture(t, 30, w1, w2)
	t.Run("checkpoint of another ledger with the same key", func(t *testing.T) {
		o := newFixture(t, 30, w1, w2)
		o.ledgerID = "blue-ridge"
		b := f.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 20}})
		b = rewrite(t, b, memberCheckpoints, func(data []byte) []byte {
			n := f.checkpointFor(o, 6)
			rest := data[4+len(firstNote(data)):]
			return append(append(binary.BigEndian.AppendUint32(nil, uint32(len(n))), n...), rest...)
		})
		wantProblem(t, verifyFile(t, b, f.options()), "checkpoint at size 6", "origin")
	})
	t.Run("head before the last entry", func(t *testing.T) {
		b := f.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 20}})
		b = editManifest(t, b, func(m *Manifest) { m.To = 25; m.Entries = 25 })
		r := verifyFile(t, b, f.options())
		if r.OK() || r.Final {
			t.Fatalf("ok %v final %v", r.OK(), r.Final)
		}
	})
	t.Run("empty consistency proof", func(t *testing.T) {
		b := f.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 24}, changeHead: func(h *Head) { h.Consistency = nil }})
		wantProblem(t, verifyFile(t, b, f.options()), "manifest", "consistency proof")
	})
	t.Run("consistency proof given for the head at the last entry", func(t *testing.T) {
		b := f.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 20}, changeHead: func(h *Head) { h.Consistency = f.consistency(6, 20) }})
		wantProblem(t, verifyFile(t, b, f.options()), "manifest", "consistency proof is given")
	})
	t.Run("left edge of the wrong length", func(t *testing.T) {
		b := f.write(bundleSpec{from: 9, to: 20, checkpoints: []uint64{24}})
		b = editManifest(t, b, func(m *Manifest) { m.LeftEdge = append(m.LeftEdge, m.LeftEdge[0]) })
		wantProblem(t, verifyFile(t, b, f.options()), "manifest", "the left edge")
	})
	t.Run("left edge of other entries, proven only by the head", func(t *testing.T) {
		b := f.write(bundleSpec{from: 9, to: 20, checkpoints: []uint64{24}})
		b = editManifest(t, b, func(m *Manifest) { m.LeftEdge = [][]byte{f.leaves[0]} })
		wantProblem(t, verifyFile(t, b, f.options()), "manifest", "consistency proof")
	})
	t.Run("cosignatures of another checkpoint", func(t *testing.T) {
		// The key holder signs a head no witness saw and gives it the
		// witnesses' cosignatures of an earlier checkpoint.
		b := f.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 20}})
		b = rewrite(t, b, memberCheckpoints, func(data []byte) []byte {
			first := firstNote(data)
			sigs := first[bytes.Index(first, []byte("\n— union"))+1:]
			head, err := f.signer.Sign(f.ledgerID, 20, f.root(20), fixtureStart.Add(21*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			forged := append(bytes.Clone(head.Note), sigs...)
			i := bytes.LastIndex(data[:len(data)-1], []byte("\n\n")) // the head's blank line
			j := bytes.LastIndex(data[:i], []byte("setsafe-test/")) - 4
			out := append(bytes.Clone(data[:j]), binary.BigEndian.AppendUint32(nil, uint32(len(forged)))...)
			return append(out, forged...)
		})
		r := verifyFile(t, b, f.options())
		if r.Final {
			t.Errorf("the head is final, cosigned by %v", r.CosignedBy)
		}
		wantProblem(t, r, "checkpoint at size 20", "does not verify")
	})
	t.Run("same witness key given twice", func(t *testing.T) {
		b := f.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{20}})
		opt := f.options()
		opt.Witnesses = []string{w1.vkey, w1.vkey}
		opt.Quorum = 2
		if _, err := verifyBytes(b, opt); err == nil {
			t.Fatal("a witness key given twice was taken")
		}
	})
	t.Run("two keys of one witness", func(t *testing.T) {
		// One witness, union.example/witness, under two keys: it is one
		// witness however many keys it signs with.
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		s, err := torchwood.NewCosignatureSigner(w1.name, priv)
		if err != nil {
			t.Fatal(err)
		}
		w1b := &testWitness{name: w1.name, signer: s, vkey: s.Verifier().String()}
		g := newFixture(t, 20, w1, w1b)
		b := g.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{20}})
		opt := Options{Key: g.signer.VerifierKey(), Witnesses: []string{w1.vkey, w1b.vkey, w2.vkey}, Quorum: 2}
		r, err := verifyBytes(b, opt)
		if err != nil {
			return // refusing two keys of one name is an answer too
		}
		if r.Final {
			t.Errorf("the head is final with a quorum of 2, cosigned only by %v", r.CosignedBy)
		}
	})
	t.Run("quorum of all, one missing", func(t *testing.T) {
		g := newFixture(t, 20, w1)
		b := g.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{20}})
		r, err := verifyBytes(b, Options{Key: g.signer.VerifierKey(), Witnesses: []string{w1.vkey, w2.vkey}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Final {
			t.Error("final with one of two witnesses and no quorum given")
		}
	})
}

// TestAttackStatements: attestations whose counts, profile or period
// mislead about the entries.
func TestAttackStatements(t *testing.T) {
	w1 := newTestWitness(t, "union.example/witness")
	f := newFixture(t, 30, w1)
	// A key holder appends entries of its own making, which the witness
	// cosigns as it does any entry.
	f.add("action.refused", `{"action":"refused","action":"hand_over","firearm":"f1"}`) // 31
	f.add("action.refused", `{"act\u0069on":"hand_over","firearm":"f1"}`)               // 32
	f.add("concern.raised", `{"concern":"c33"}`)                                        // 33
	// periodOf is the period of exactly entries first..last.
	periodOf := func(first, last uint64) Period {
		return Period{From: f.times[first-1], To: f.times[last-1].Add(time.Minute)}
	}
	stmt := func(first, last, cp uint64, change func(*Statement)) *Statement {
		s := f.statement(first, last, cp)
		s.Period = periodOf(first, last)
		if change != nil {
			change(s)
		}
		return s
	}
	for _, tc := range []struct {
		name        string
		spec        bundleSpec
		where, what string
	}{
		{"period starts before the first entry counted", bundleSpec{from: 1, to: 20, checkpoints: []uint64{20},
			// Entry 5, a refusal, is in the period but not in the
			// entries counted.
			statement: stmt(6, 18, 20, func(s *Statement) { s.Period.From = f.times[0] })},
			"attestation", "entry 5"},
		{"period ends after the last entry counted", bundleSpec{from: 1, to: 20, checkpoints: []uint64{20},
			statement: stmt(3, 10, 20, func(s *Statement) { s.Period.To = f.times[15] })},
			"attestation", "entry 11"},
		{"entry at the period's end counted", bundleSpec{from: 1, to: 20, checkpoints: []uint64{20},
			statement: stmt(3, 10, 20, func(s *Statement) { s.Period.To = f.times[9] })},
			"attestation", "entry 10"},
		{"count lists an entry after the last", bundleSpec{from: 1, to: 20, checkpoints: []uint64{20},
			statement: stmt(3, 10, 20, func(s *Statement) { s.Counts[1].Entries = append(s.Counts[1].Entries, 11) })},
			"attestation", "outside its entries"},
		{"entries beyond the checkpoint", bundleSpec{from: 1, to: 20, checkpoints: []uint64{12, 20},
			statement: stmt(3, 18, 12, nil)},
			"attestation", "beyond its checkpoint"},
		{"profile changed later", bundleSpec{from: 1, to: 30, checkpoints: []uint64{30},
			statement: func() *Statement {
				g := *f
				_ = g
				return stmt(3, 18, 30, func(s *Statement) { s.ProfileEntry = 2; s.Last = 30; s.Period = periodOf(3, 30) })
			}()},
			"attestation", ""},
		{"a field named twice, counted by its last value", bundleSpec{from: 1, to: 33, checkpoints: []uint64{33},
			statement: stmt(31, 31, 33, func(s *Statement) {
				s.Counts = []Count{{Name: "refused-issues", Type: "action.refused", Where: []FieldIs{{"action", "hand_over"}}, Entries: []uint64{31}}}
			})},
			"attestation", "entry 31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := verifyFile(t, f.write(tc.spec), f.options())
			if tc.what == "" {
				if r.OK() {
					t.Fatal("verified")
				}
				return
			}
			wantProblem(t, r, tc.where, tc.what)
			if r.Attestation != nil {
				t.Errorf("the report shows the attestation as holding")
			}
		})
	}
	t.Run("a field named with an escape counts as itself", func(t *testing.T) {
		s := stmt(32, 32, 33, func(s *Statement) {
			s.Counts = []Count{{Name: "refused-issues", Type: "action.refused", Where: []FieldIs{{"action", "hand_over"}}, Entries: []uint64{32}}}
			s.Profile = ""
		})
		r := verifyFile(t, f.write(bundleSpec{from: 1, to: 33, checkpoints: []uint64{33}, statement: s}), f.options())
		if !r.OK() {
			t.Errorf("problems: %v", r.Problems)
		}
	})
}

// TestAttackManifestText: the manifest's stated texts are shown to the
// reader; a control character in one could rewrite what the terminal
// shows of the report.
func TestAttackManifestText(t *testing.T) {
	f := newFixture(t, 12)
	good := f.write(bundleSpec{from: 1, to: 12, withheld: []uint64{4}, checkpoints: []uint64{12}})
	for _, tc := range []struct {
		name   string
		change func(*Manifest)
	}{
		{"production with a terminal escape", func(m *Manifest) { m.Production = "Red Mesa\x1b[2J\x1b[H" }},
		{"withholding with a line break", func(m *Manifest) {
			m.Withholding = "nothing\nEverything in the bundle holds"
		}},
		{"witness name with a carriage return", func(m *Manifest) { m.Witnesses = []Witness{{Name: "w\rx", Key: "k"}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := verifyFile(t, editManifest(t, good, tc.change), f.options())
			wantProblem(t, r, "manifest", "control character")
			noControls(t, r)
		})
	}
	t.Run("member named with a terminal escape", func(t *testing.T) {
		b := rearrange(t, good, func(m []member) []member {
			return append(m, member{"x\x1b[2J\x1b[HEverything in the bundle holds.\n", nil})
		})
		r := verifyFile(t, b, f.options())
		wantProblem(t, r, `archive member x\x1b[2J\x1b[HEverything in the bundle holds.\n`, "not a member")
		noControls(t, r)
	})
}

// noControls checks that the printed report holds no control character
// but its line breaks.
func noControls(t *testing.T, r *Report) {
	t.Helper()
	var out bytes.Buffer
	PrintReport(&out, r)
	for _, line := range strings.Split(out.String(), "\n") {
		if !printable(line) {
			t.Errorf("the report prints %q", line)
		}
	}
}

// TestAttackRewrittenHistory: the holder of the database and the key
// rewrites an entry and signs checkpoints of the new history, which no
// honest witness cosigns. A reader who gave witness keys must not be told
// that everything holds.
func TestAttackRewrittenHistory(t *testing.T) {
	w1, w2 := newTestWitness(t, "union.example/witness"), newTestWitness(t, "insurer.example/w")
	f := newFixture(t, 20, w1, w2)
	opt := f.options()
	// The rewritten ledger: entry 10 says something else; its
	// checkpoints carry no cosignature.
	g := *f
	g.witnesses = nil
	g.entries, g.leaves = slices.Clone(f.entries), slices.Clone(f.leaves)
	e := bytes.Replace(f.entries[9], []byte("loose cable"), []byte("cable taped"), 1)
	l := leafHash(e)
	g.entries[9], g.leaves[9] = e, l[:]
	b := g.write(bundleSpec{from: 1, to: 20, checkpoints: []uint64{12, 20}})
	r := verifyFile(t, b, opt)
	if r.Final {
		t.Fatal("the rewritten head is final")
	}
	wantProblem(t, r, "checkpoint at size 20", "no trusted witness")
	// With no witness keys given, the bundle holds but is not final, as
	// the reader was told.
	if r := verifyFile(t, b, Options{Key: f.signer.VerifierKey()}); !r.OK() || r.Final {
		t.Errorf("without witness keys: ok %v final %v", r.OK(), r.Final)
	}
}

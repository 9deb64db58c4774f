package evidence

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestVerifyGoodBundles(t *testing.T) {
	w1, w2 := newTestWitness(t, "union.example/witness"), newTestWitness(t, "insurer.example/w")
	f := newFixture(t, 40, w1, w2)
	for _, tc := range []struct {
		name      string
		spec      bundleSpec
		entries   int
		withheld  int
		cps       int
		statement bool
	}{
		{"from 1, head at the last entry", bundleSpec{from: 1, to: 20, checkpoints: []uint64{5, 12, 20}}, 20, 0, 3, false},
		{"from 1, head beyond", bundleSpec{from: 1, to: 20, checkpoints: []uint64{0, 8, 16, 33}, attach: true}, 20, 0, 4, false},
		{"from 9, checkpoint at the left edge", bundleSpec{from: 9, to: 27, checkpoints: []uint64{8, 20, 40}}, 19, 0, 3, false},
		{"from 14, no checkpoint at the left edge", bundleSpec{from: 14, to: 23, checkpoints: []uint64{17, 23}}, 10, 0, 2, false},
		{"withheld entries", bundleSpec{from: 3, to: 30, withheld: []uint64{3, 4, 30}, checkpoints: []uint64{10, 30}, attach: true}, 28, 3, 2, false},
		{"attestation", bundleSpec{from: 1, to: 20, withheld: []uint64{1}, checkpoints: []uint64{6, 20, 24}, attach: true, statement: f.statement(3, 18, 20)}, 20, 1, 3, true},
		{"attestation on the head", bundleSpec{from: 2, to: 20, checkpoints: []uint64{20, 24}, statement: f.statement(2, 20, 24)}, 19, 0, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := verifyFile(t, f.write(tc.spec), f.options())
			if !r.OK() {
				t.Fatalf("problems: %v", r.Problems)
			}
			if r.Entries != tc.entries || r.Withheld != tc.withheld || r.Checkpoints != tc.cps {
				t.Errorf("verified %d entries (%d withheld), %d checkpoints; want %d (%d), %d", r.Entries, r.Withheld, r.Checkpoints, tc.entries, tc.withheld, tc.cps)
			}
			if head := tc.spec.checkpoints[len(tc.spec.checkpoints)-1]; r.HeadSize != head || !r.Final {
				t.Errorf("head at %d final %v, want %d final", r.HeadSize, r.Final, head)
			}
			if !slices.Equal(r.CosignedBy, []string{w1.name, w2.name}) {
				t.Errorf("cosigned by %v", r.CosignedBy)
			}
			if r.WitnessCheckpoints[w1.name] != tc.cps {
				t.Errorf("witness cosigned %d checkpoints, want %d", r.WitnessCheckpoints[w1.name], tc.cps)
			}
			if (r.Attestation != nil) != tc.statement {
				t.Errorf("attestation %+v, want one: %v", r.Attestation, tc.statement)
			}
			if tc.spec.attach && r.Attachments != 1 {
				t.Errorf("verified %d attachments, want 1", r.Attachments)
			}
			var out bytes.Buffer
			PrintReport(&out, r)
			if !strings.Contains(out.String(), "Verified: ") || !strings.Contains(out.String(), "final: cosigned by "+w1.name) {
				t.Errorf("report:\n%s", out.String())
			}
		})
	}
}

// TestVerifyDeterministic writes the same bundle twice: the bytes are the
// same, as the verifier's rebuilding of the archive requires.
func TestVerifyDeterministic(t *testing.T) {
	f := newFixture(t, 12)
	spec := bundleSpec{from: 1, to: 12, checkpoints: []uint64{12}, attach: true}
	a, b := f.write(spec), f.write(spec)
	if !bytes.Equal(a, b) {
		t.Fatal("the same bundle written twice differs")
	}
}

func TestVerifyRefuses(t *testing.T) {
	w1, w2 := newTestWitness(t, "union.example/witness"), newTestWitness(t, "insurer.example/w")
	f := newFixture(t, 30, w1, w2)
	other := newFixture(t, 30, w1, w2)
	good := bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 12, 20, 24}, attach: true}
	withStatement := func(change func(s *Statement)) bundleSpec {
		s := f.statement(3, 18, 20)
		change(s)
		spec := good
		spec.statement = s
		return spec
	}
	lone := newTestWitness(t, "lone.example")
	for _, tc := range []struct {
		name  string
		spec  bundleSpec
		opt   func(*Options)
		bytes func(*fixture, []byte) []byte
		where string
		what  string
		final bool
	}{
		{name: "wrong count", spec: withStatement(func(s *Statement) { s.Counts[0].Entries = s.Counts[0].Entries[1:] }),
			where: "attestation", what: "count firearm-issues: entry 3 is a firearm.handed_over but is not listed", final: true},
		{name: "count lists a wrong entry", spec: withStatement(func(s *Statement) { s.Counts[1].Entries = []uint64{5, 8, 11} }),
			where: "attestation", what: "count refused-issues: it lists entry 8, which is not a action.refused with action \"hand_over\"", final: true},
		{name: "count with a wrong field", spec: withStatement(func(s *Statement) { s.Counts[1].Where[0].Value = "issue" }),
			where: "attestation", what: "count refused-issues: it lists entry 5", final: true},
		{name: "wrong profile", spec: withStatement(func(s *Statement) { s.Profile = "AU-NSW" }),
			where: "attestation", what: "entry 2 sets profile \"US-CA\", not AU-NSW", final: true},
		{name: "profile entry not a profile", spec: withStatement(func(s *Statement) { s.ProfileEntry = 4 }),
			where: "attestation", what: "entry 4, which it says set profile US-CA, is a concern.raised", final: true},
		{name: "period too short", spec: withStatement(func(s *Statement) { s.Period.To = fixtureStart.Add(10 * 60e9) }),
			where: "attestation", what: "entry 10, at", final: true},
		{name: "statement checkpoint not in the bundle", spec: withStatement(func(s *Statement) { s.CheckpointSize = 19; s.CheckpointRoot = f.root(19) }),
			where: "attestation", what: "its checkpoint at size 19 is not one of the bundle's verified checkpoints", final: true},
		{name: "withheld entry in the statement", spec: func() bundleSpec { s := withStatement(func(*Statement) {}); s.withheld = []uint64{9}; return s }(),
			where: "attestation", what: "entry 9 is withheld", final: true},
		{name: "statement signed by another key", spec: withStatement(func(*Statement) {}), opt: func(o *Options) { o.AttestationKey = other.signer.VerifierKey() },
			where: "attestation", what: "not validly signed", final: true},
		{name: "checkpoint signed by another key", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberCheckpoints, func(data []byte) []byte {
					return bytes.Replace(data, firstNote(data), other.checkpointFor(f, 6), 1)
				})
			},
			where: "checkpoint at size 6", what: "by the ledger's key setsafe-test", final: true},
		{name: "witness cosignature changed", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberCheckpoints, func(data []byte) []byte {
					i := bytes.Index(data, []byte("— union.example/witness ")) + len("— union.example/witness ") + 20
					if data[i] == 'A' {
						data[i] = 'B'
					} else {
						data[i] = 'A'
					}
					return data
				})
			},
			where: "checkpoint at size 6", what: "the cosignature of witness union.example/witness does not verify", final: true},
		{name: "head consistency proof changed", spec: bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 24}, changeHead: func(h *Head) { h.Consistency[1][0] ^= 1 }},
			where: "manifest", what: "the consistency proof from the tree of the bundle's 20 entries to the head at size 24 does not hold"},
		{name: "head consistency proof short", spec: bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 24}, changeHead: func(h *Head) { h.Consistency = h.Consistency[1:] }},
			where: "manifest", what: "consistency proof"},
		{name: "a file left out unsaid", spec: bundleSpec{from: 1, to: 20, checkpoints: []uint64{6, 24}, dropFile: true},
			where: "entry 7", what: "which the bundle does not hold", final: true},
		{name: "quorum not met", spec: good, opt: func(o *Options) { o.Witnesses = append(o.Witnesses, lone.vkey); o.Quorum = 3 },
			where: "checkpoint at size 24", what: "cosigned by 2 of the trusted witnesses, fewer than the quorum of 3"},
		{name: "entry changed", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberEntries, func(data []byte) []byte { return bytes.Replace(data, []byte("c10"), []byte("c99"), 1) })
			},
			where: "entry 10", what: "its bytes do not match its leaf hash", final: true},
		{name: "leaf hash changed", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberEntries, func(data []byte) []byte { return bytes.Replace(data, f.leaves[9], make([]byte, 32), 1) })
			},
			where: "checkpoint at size 12", what: "an entry from 7 to 12 was changed, removed or reordered"},
		{name: "attachment changed", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberAttachments+f.fileHash, func(data []byte) []byte { return bytes.ToUpper(data) })
			},
			where: "attachment " + f.fileHash, what: "its content hashes to", final: true},
		{name: "README changed", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberReadme, func(data []byte) []byte { return bytes.Replace(data, []byte("Do not rely"), []byte("Do rely"), 1) })
			},
			where: "archive member README.txt", what: "it was changed", final: true},
		{name: "manifest field unknown", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberManifest, func(data []byte) []byte {
					return bytes.Replace(data, []byte(`"ledger"`), []byte(`"trust_me": true, "ledger"`), 1)
				})
			},
			where: "manifest", what: "unknown field"},
		{name: "manifest format", spec: good,
			bytes: func(f *fixture, b []byte) []byte {
				return rewrite(t, b, memberManifest, func(data []byte) []byte { return bytes.Replace(data, []byte(`bundle/1`), []byte(`bundle/2`), 1) })
			},
			where: "manifest", what: "its format is"},
		{name: "file cut short", spec: good,
			bytes: func(f *fixture, b []byte) []byte { return b[:len(b)-1] },
			where: "archive", what: "not a zip archive"},
		{name: "bytes added", spec: good,
			bytes: func(f *fixture, b []byte) []byte { return append(append([]byte{}, b...), 0) },
			where: "archive", what: "the file goes on after the archive ends", final: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := f.write(tc.spec)
			if tc.bytes != nil {
				b = tc.bytes(f, b)
			}
			opt := f.options()
			if tc.opt != nil {
				tc.opt(&opt)
			}
			r := verifyFile(t, b, opt)
			if r.OK() {
				t.Fatal("verified")
			}
			found := false
			for _, p := range r.Problems {
				if p.Where == tc.where && strings.Contains(p.What, tc.what) {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem at %q saying %q; problems:\n%s", tc.where, tc.what, problemLines(r))
			}
			if r.Final != tc.final {
				t.Errorf("final %v, want %v", r.Final, tc.final)
			}
		})
	}
}

func problemLines(r *Report) string {
	var b strings.Builder
	for _, p := range r.Problems {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

// firstNote returns the first checkpoint note of checkpoints.bin.
func firstNote(data []byte) []byte {
	n := int(data[0])<<24 | int(data[1])<<16 | int(data[2])<<8 | int(data[3])
	return data[4 : 4+n]
}

// checkpointFor signs, with f's key, the checkpoint of o's tree at size.
func (f *fixture) checkpointFor(o *fixture, size uint64) []byte {
	cp, err := f.signer.Sign(o.ledgerID, size, o.root(size), fixtureStart.Add(time.Duration(size)*time.Minute+time.Second))
	if err != nil {
		f.t.Fatal(err)
	}
	// Cosigned as o's are, so that only the ledger's signature tells
	// them apart.
	signed := cp.Note
	for _, w := range o.witnesses {
		signed = w.cosign(f.t, signed)
	}
	return signed
}

// TestVerifyNoWitnesses: without witness keys a bundle holds but is not
// final, and the report says why.
func TestVerifyNoWitnesses(t *testing.T) {
	f := newFixture(t, 12, newTestWitness(t, "w.example"))
	r := verifyFile(t, f.write(bundleSpec{from: 1, to: 12, checkpoints: []uint64{12}, attach: true}), Options{Key: f.signer.VerifierKey()})
	if !r.OK() || r.Final {
		t.Fatalf("ok %v final %v: %v", r.OK(), r.Final, r.Problems)
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "No witness keys") {
		t.Errorf("notes %v", r.Notes)
	}
	var out bytes.Buffer
	PrintReport(&out, r)
	if !strings.Contains(out.String(), "not final") {
		t.Errorf("report:\n%s", out.String())
	}
}

// TestVerifyFlipEveryByte changes each byte of a small bundle in turn:
// every change is found, and said where.
func TestVerifyFlipEveryByte(t *testing.T) {
	w := newTestWitness(t, "union.example/witness")
	f := newFixture(t, 24, w)
	b := f.write(bundleSpec{from: 1, to: 20, withheld: []uint64{14}, checkpoints: []uint64{8, 16, 22}, attach: true, statement: f.statement(2, 12, 16)})
	opt := f.options()
	if r := verifyFile(t, b, opt); !r.OK() {
		t.Fatalf("the bundle does not verify: %v", r.Problems)
	}
	// Each worker changes the bytes at offsets i ≡ worker (mod workers).
	workers := runtime.GOMAXPROCS(0)
	var mu sync.Mutex
	wheres := map[string]int{}
	var wg sync.WaitGroup
	dir := t.TempDir()
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := filepath.Join(dir, fmt.Sprintf("flipped-%d.zip", wk))
			changed := bytes.Clone(b)
			for i := wk; i < len(b); i += workers {
				changed[i] ^= 1
				var r *Report
				var err error
				if i%97 == 0 {
					// Some through a file, as a reader has it.
					if err := os.WriteFile(path, changed, 0o644); err != nil {
						t.Error(err)
						return
					}
					r, err = VerifyFile(path, opt)
				} else {
					r, err = verifyBytes(changed, opt)
				}
				changed[i] ^= 1
				if err != nil {
					t.Errorf("byte %d: %v", i, err)
					return
				}
				if r.OK() {
					t.Errorf("byte %d changed: verified", i)
					continue
				}
				for _, p := range r.Problems {
					if p.Where == "" || p.What == "" {
						t.Errorf("byte %d: a problem says nothing of where or what: %q", i, p)
					}
				}
				mu.Lock()
				wheres[r.Problems[0].Where]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Logf("%d bytes changed in turn; first problems by place: %v", len(b), wheres)
}

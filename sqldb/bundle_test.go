package sqldb_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/demo"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"

	_ "github.com/setsafe/setsafe/dailyreport"
	_ "github.com/setsafe/setsafe/dashboard"
	_ "github.com/setsafe/setsafe/incident"
)

// recorded is a bundle as an export wrote it, part by part.
type recorded struct {
	manifest    evidence.Manifest
	seqs        []uint64
	leaves      [][]byte
	entries     map[uint64][]byte
	withheld    map[uint64]string
	checkpoints [][]byte
	attachments []evidence.Attachment
	contents    map[string][]byte
	attestation []byte
	head        evidence.Head
	closed      bool
	// all holds every byte written, to search.
	all bytes.Buffer
}

func (r *recorded) Entry(seq uint64, entry []byte) error {
	r.seqs = append(r.seqs, seq)
	r.leaves = append(r.leaves, ledger.LeafHash(entry))
	r.entries[seq] = bytes.Clone(entry)
	r.all.Write(entry)
	return nil
}

func (r *recorded) Withheld(seq uint64, leaf []byte, statedType string) error {
	r.seqs = append(r.seqs, seq)
	r.leaves = append(r.leaves, bytes.Clone(leaf))
	r.withheld[seq] = statedType
	r.all.Write(leaf)
	r.all.WriteString(statedType)
	return nil
}

func (r *recorded) Checkpoint(note []byte) error {
	r.checkpoints = append(r.checkpoints, bytes.Clone(note))
	r.all.Write(note)
	return nil
}

func (r *recorded) Attachment(a evidence.Attachment, content io.Reader) error {
	b, err := io.ReadAll(content)
	r.attachments = append(r.attachments, a)
	r.contents[a.SHA256] = b
	r.all.Write(b)
	return err
}

func (r *recorded) Attestation(signed []byte) error {
	r.attestation = signed
	return nil
}

func (r *recorded) Close(head evidence.Head) error {
	r.head, r.closed = head, true
	return nil
}

func export(t *testing.T, db *sqldb.DB, opt sqldb.ExportOptions) (*recorded, sqldb.ExportSummary, error) {
	t.Helper()
	r := &recorded{entries: map[uint64][]byte{}, withheld: map[uint64]string{}, contents: map[string][]byte{}}
	sum, err := db.Export(context.Background(), demo.ProductionID, opt, func(m evidence.Manifest) (sqldb.BundleWriter, error) {
		r.manifest = m
		return r, nil
	})
	return r, sum, err
}

// check verifies a recorded bundle as a reader would: the left edge and
// the leaves give the root of every checkpoint in the range, whose
// signatures verify, and the consistency proof takes the tree of size To
// to the head.
func (r *recorded) check(t *testing.T, v *ledger.Verifier) {
	t.Helper()
	m := r.manifest
	if !r.closed || len(r.seqs) != int(m.To-m.From+1) {
		t.Fatalf("closed %v, %d records for entries %d to %d", r.closed, len(r.seqs), m.From, m.To)
	}
	for i, s := range r.seqs {
		if s != m.From+uint64(i) {
			t.Fatalf("record %d is entry %d", i, s)
		}
	}
	tree, err := ledger.RestoreTree(m.From-1, bytes.Join(m.LeftEdge, nil))
	if err != nil {
		t.Fatal(err)
	}
	roots := map[uint64][]byte{tree.Size(): tree.Root()}
	for _, l := range r.leaves {
		tree.Append(l)
		roots[tree.Size()] = tree.Root()
	}
	if len(r.checkpoints) == 0 {
		t.Fatal("no checkpoints")
	}
	var last uint64
	for i, note := range r.checkpoints {
		cp, err := v.OpenCheckpoint(m.Ledger, note)
		if err != nil {
			t.Fatalf("checkpoint %d: %v\n%s", i, err, note)
		}
		if cp.Size <= last && i > 0 {
			t.Fatalf("checkpoints out of order: %d after %d", cp.Size, last)
		}
		last = cp.Size
		if i == len(r.checkpoints)-1 {
			if cp.Size != r.head.Size || cp.Size < m.To {
				t.Fatalf("the last checkpoint is at %d, the head at %d, the range ends at %d", cp.Size, r.head.Size, m.To)
			}
			if err := proof.VerifyConsistency(rfc6962.DefaultHasher, m.To, cp.Size, r.head.Consistency, roots[m.To], cp.Root); err != nil {
				t.Fatalf("head consistency: %v", err)
			}
			continue
		}
		if cp.Size+1 < m.From || cp.Size > m.To || !bytes.Equal(roots[cp.Size], cp.Root) {
			t.Fatalf("checkpoint at %d does not match the entries %d to %d", cp.Size, m.From, m.To)
		}
	}
}

// demoEnv seeds the demo production, then adds what a third party must
// not read besides: a person's phone number and a concern's photo; and a
// firearm's photo, which it may.
type demoEnv struct {
	*storagetest.Env
	phone, email, concernText  string
	concernPhoto, firearmPhoto setsafe.File
}

var cheap = argon2id.Params{Memory: 64, Time: 1, Threads: 1}

func newDemoEnv(t *testing.T, b storagetest.Backend) *demoEnv {
	t.Helper()
	clock := demo.NewClock(time.Now().AddDate(0, 0, -8))
	e := storagetest.NewEnv(t, b, func(c *sqldb.Config) { c.Clock = clock })
	ctx := context.Background()
	if _, _, err := demo.Seed(ctx, e.DB, clock, demo.Hashing{Passwords: cheap, PINs: cheap, ReporterKey: []byte("reporter key")}); err != nil {
		t.Fatal(err)
	}
	clock.Live()
	d := &demoEnv{Env: e, phone: "+1 505 555 0199", email: "wren.okafor@example.org",
		concernText:  "The ladder by stage 2 wobbles on its left foot",
		concernPhoto: setsafe.NewFile("image/png", []byte("\x89PNG concern photo")), firearmPhoto: setsafe.NewFile("image/jpeg", []byte("\xff\xd8 firearm photo"))}
	person := setsafe.NewID()
	storagetest.MustAppend(t, e.DB, setsafe.On(demo.ProductionID, storagetest.Operator, setsafe.AddPerson{ID: person, Roles: []setsafe.Role{setsafe.RoleCrew},
		PersonDetails: setsafe.PersonDetails{Name: "Wren Okafor", Department: "Grip", JobTitle: "Grip", Email: d.email, Phone: d.phone}}))
	storagetest.MustAppend(t, e.DB, setsafe.On(demo.ProductionID, setsafe.PersonActor(person), setsafe.RaiseConcern{ID: setsafe.NewID(),
		Category: setsafe.CategoryFatigue, Severity: setsafe.SeverityNormal, Mode: setsafe.ReportNamed, Description: d.concernText,
		Photos: []setsafe.File{d.concernPhoto}}))
	firearms, err := e.DB.Firearms(ctx, demo.ProductionID)
	if err != nil || len(firearms) == 0 {
		t.Fatalf("firearms: %v", err)
	}
	for _, f := range firearms[:2] {
		storagetest.MustAppend(t, e.DB, setsafe.On(demo.ProductionID, storagetest.Operator, setsafe.AttachFile{Subject: setsafe.SubjectFirearm, SubjectID: f.ID, File: d.firearmPhoto}))
	}
	if _, err := e.DB.SignCheckpoint(ctx, demo.ProductionID); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestExport(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			d := newDemoEnv(t, b)
			ctx := context.Background()
			size, err := d.DB.LedgerSize(ctx, demo.ProductionID)
			if err != nil {
				t.Fatal(err)
			}

			var wholeAttachments int
			t.Run("whole", func(t *testing.T) {
				r, sum, err := export(t, d.DB, sqldb.ExportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				r.check(t, d.Signer.Verifier())
				if r.manifest.From != 1 || r.manifest.To != uint64(size) || len(r.withheld) != 0 || r.manifest.Withholding != "" {
					t.Fatalf("manifest %+v, %d withheld", r.manifest, len(r.withheld))
				}
				if r.manifest.Production != "Red Mesa" || r.manifest.VerifierKey != d.Signer.VerifierKey() || !strings.HasSuffix(r.manifest.Origin, "/"+demo.ProductionID) {
					t.Fatalf("manifest states %q %q %q", r.manifest.Production, r.manifest.VerifierKey, r.manifest.Origin)
				}
				for _, want := range []string{d.phone, d.email, d.concernText} {
					if !bytes.Contains(r.all.Bytes(), []byte(want)) {
						t.Errorf("the whole bundle lacks %q", want)
					}
				}
				// Each stored file once, with the entries that name it.
				var stored int
				if err := d.DB.ReadPool().QueryRow(rebind(d.Env, "SELECT COUNT(*) FROM files WHERE ledger_id = ?"), demo.ProductionID).Scan(&stored); err != nil {
					t.Fatal(err)
				}
				if len(r.attachments) != stored || stored < 3 {
					t.Fatalf("%d attachments of %d files: %+v", len(r.attachments), stored, r.attachments)
				}
				for _, a := range r.attachments {
					if want, ours := map[string]int{d.firearmPhoto.SHA256: 2, d.concernPhoto.SHA256: 1}[a.SHA256]; ours && len(a.Entries) != want {
						t.Errorf("attachment %s: entries %v, want %d", a.SHA256, a.Entries, want)
					}
					if len(a.Entries) == 0 || sha256Hex(r.contents[a.SHA256]) != a.SHA256 || int(a.Size) != len(r.contents[a.SHA256]) {
						t.Errorf("attachment %+v does not hold its file", a)
					}
					for _, seq := range a.Entries {
						if !bytes.Contains(r.entries[seq], []byte(a.SHA256)) {
							t.Errorf("entry %d does not name %s", seq, a.SHA256)
						}
					}
				}
				wholeAttachments = len(r.attachments)
				if sum.Manifest.Entries != int(size) || sum.Final {
					t.Fatalf("summary %+v", sum)
				}
			})

			t.Run("third party", func(t *testing.T) {
				r, sum, err := export(t, d.DB, sqldb.ExportOptions{ForThirdParty: true})
				if err != nil {
					t.Fatal(err)
				}
				r.check(t, d.Signer.Verifier())
				for _, secret := range []string{d.phone, d.email, d.concernText, "Fourteen-hour days", "dana@redmesa.example", string(d.concernPhoto.Data)} {
					if bytes.Contains(r.all.Bytes(), []byte(secret)) {
						t.Errorf("the third party's bundle holds %q", secret)
					}
				}
				types := map[string]int{}
				for _, ty := range r.withheld {
					types[ty]++
				}
				for _, ty := range []string{"concern.raised", "concern.answered", "person.added", "file.attached"} {
					if types[ty] == 0 {
						t.Errorf("no %s withheld: %v", ty, types)
					}
				}
				for seq, entry := range r.entries {
					env, err := ledger.DecodeEnvelope(entry)
					if err != nil {
						t.Fatal(err)
					}
					if _, private := setsafe.PrivateWhat(env.Type); private {
						t.Errorf("entry %d, %s, is whole", seq, env.Type)
					}
				}
				kept := slices.ContainsFunc(r.attachments, func(a evidence.Attachment) bool { return a.SHA256 == d.firearmPhoto.SHA256 })
				if !kept || len(r.attachments)+r.manifest.AttachmentsWithheld != wholeAttachments || r.manifest.AttachmentsWithheld < 2 {
					t.Errorf("attachments %+v, %d withheld", r.attachments, r.manifest.AttachmentsWithheld)
				}
				if sum.Manifest.Withheld != len(r.withheld) || sum.Manifest.Entries != int(size) ||
					!strings.Contains(r.manifest.Withholding, "concern") || !strings.Contains(r.manifest.Withholding, "phone") {
					t.Errorf("summary %d entries, %d withheld; withholding %q", sum.Manifest.Entries, sum.Manifest.Withheld, r.manifest.Withholding)
				}
			})

			t.Run("ranges", func(t *testing.T) {
				entries, err := d.DB.Entries(ctx, demo.ProductionID, 0, int(size))
				if err != nil {
					t.Fatal(err)
				}
				// A period: the entries of the demo's third day, on the
				// set's clock.
				loc, _ := time.LoadLocation("America/Denver")
				day := entries[len(entries)/2].Event.Time.In(loc)
				since := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
				until := since.AddDate(0, 0, 1)
				var want []uint64
				for _, e := range entries {
					if !e.Event.Time.Before(since) && e.Event.Time.Before(until) {
						want = append(want, uint64(e.Seq))
					}
				}
				tests := []struct {
					name string
					opt  sqldb.ExportOptions
					want []uint64
				}{
					{"period", sqldb.ExportOptions{Since: since, Until: until}, want},
					{"numbers", sqldb.ExportOptions{From: 7, To: 23}, seqRange(7, 23)},
					{"from", sqldb.ExportOptions{From: size - 3}, seqRange(uint64(size)-3, uint64(size))},
					{"one", sqldb.ExportOptions{From: 1, To: 1}, seqRange(1, 1)},
				}
				for _, tt := range tests {
					r, _, err := export(t, d.DB, tt.opt)
					if err != nil {
						t.Fatalf("%s: %v", tt.name, err)
					}
					if !slices.Equal(r.seqs, tt.want) || len(tt.want) == 0 {
						t.Fatalf("%s: entries %v, want %v", tt.name, r.seqs, tt.want)
					}
					r.check(t, d.Signer.Verifier())
					if tt.name == "period" && (r.manifest.Period == nil || !r.manifest.Period.From.Equal(since) || !r.manifest.Period.To.Equal(until)) {
						t.Errorf("period %+v", r.manifest.Period)
					}
				}
				bad := []struct {
					opt  sqldb.ExportOptions
					code string
				}{
					{sqldb.ExportOptions{From: 5, To: 4}, setsafe.EInvalid},
					{sqldb.ExportOptions{To: size + 1}, setsafe.EInvalid},
					{sqldb.ExportOptions{From: -1}, setsafe.EInvalid},
					{sqldb.ExportOptions{From: 1, Since: since}, setsafe.EInvalid},
					{sqldb.ExportOptions{Since: until, Until: since}, setsafe.EInvalid},
					{sqldb.ExportOptions{Since: time.Now().Add(time.Hour)}, setsafe.ENotFound},
					{sqldb.ExportOptions{Until: entries[0].Event.Time}, setsafe.ENotFound},
				}
				for _, tt := range bad {
					if _, _, err := export(t, d.DB, tt.opt); setsafe.ErrorCode(err) != tt.code {
						t.Errorf("%+v: %v, want %s", tt.opt, err, tt.code)
					}
				}
			})

			t.Run("cosigned head", func(t *testing.T) {
				// A witness cosigns an earlier checkpoint; with a quorum of
				// one that is the head, and its cosignature is on its note.
				cp, err := d.DB.LatestCheckpoint(ctx, demo.ProductionID)
				if err != nil {
					t.Fatal(err)
				}
				line := cosign(t, "witness.example", cp.Note)
				if _, err := d.DB.WritePool().Exec(rebind(d.Env, "INSERT INTO cosignatures (ledger_id, size, witness, key_hash, line, cosigned_us) VALUES (?, ?, ?, ?, ?, ?)"),
					demo.ProductionID, int64(cp.Size), "witness.example", "00000000", line, time.Now().UnixMicro()); err != nil {
					t.Fatal(err)
				}
				storagetest.MustAppend(t, d.DB, setsafe.On(demo.ProductionID, storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Late Arrival"}}))
				if _, err := d.DB.SignCheckpoint(ctx, demo.ProductionID); err != nil {
					t.Fatal(err)
				}
				r, sum, err := export(t, d.DB, sqldb.ExportOptions{To: int64(cp.Size) - 5, Quorum: 1})
				if err != nil {
					t.Fatal(err)
				}
				r.check(t, d.Signer.Verifier())
				last := r.checkpoints[len(r.checkpoints)-1]
				if r.head.Size != cp.Size || !sum.Final || sum.HeadCosigned != 1 || !bytes.HasSuffix(last, []byte(line)) || !bytes.HasPrefix(last, cp.Note) {
					t.Fatalf("head %d (want %d), final %v, note:\n%s", r.head.Size, cp.Size, sum.Final, last)
				}
				// Without a quorum, the head is the latest checkpoint.
				r, sum, err = export(t, d.DB, sqldb.ExportOptions{To: int64(cp.Size) - 5})
				if err != nil || r.head.Size != cp.Size+1 || sum.Final {
					t.Fatalf("head %d, final %v: %v", r.head.Size, sum.Final, err)
				}
				r.check(t, d.Signer.Verifier())
			})
		})
	}
}

func sha256Hex(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }

func seqRange(from, to uint64) []uint64 {
	var out []uint64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}

func rebind(e *storagetest.Env, q string) string { return e.DB.Dialect().Rebind(q) }

// cosign returns a witness's cosignature line (C2SP tlog-cosignature) on
// a checkpoint's note, under a new key.
func cosign(t *testing.T, name string, note []byte) string {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	text := note[:bytes.Index(note, []byte("\n\n"))+1]
	key := append([]byte{0x04}, pub...)
	h := sha256.Sum256(append([]byte(name+"\n"), key...))
	ts := uint64(time.Now().Unix())
	msg := append([]byte("cosignature/v1\ntime "+strconv.FormatUint(ts, 10)+"\n"), text...)
	sig := binary.BigEndian.AppendUint32(nil, binary.BigEndian.Uint32(h[:4]))
	sig = binary.BigEndian.AppendUint64(sig, ts)
	sig = append(sig, ed25519.Sign(priv, msg)...)
	return fmt.Sprintf("— %s %s\n", name, base64.StdEncoding.EncodeToString(sig))
}

// TestExportRefusesAChangedLedger changes an entry, as someone with the
// database's tools could, and checks that the export refuses and names
// the entry, before the bundle is complete.
func TestExportRefusesAChangedLedger(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tests := []struct {
				name, sql, says string
			}{
				{"entry bytes", "UPDATE ledger SET entry = ? WHERE ledger_id = 'red-mesa' AND seq = 12", "entry 12 no longer hashes to its leaf hash"},
				{"entry and leaf hash", "UPDATE ledger SET entry = ?, leaf_hash = ? WHERE ledger_id = 'red-mesa' AND seq = 12", "do not hash to the root signed"},
			}
			for _, tt := range tests {
				d := newDemoEnv(t, b)
				var entry []byte
				if err := d.DB.ReadPool().QueryRow("SELECT entry FROM ledger WHERE ledger_id = 'red-mesa' AND seq = 12").Scan(&entry); err != nil {
					t.Fatal(err)
				}
				changed := bytes.Clone(entry)
				changed[len(changed)-3] ^= 0x01
				pool := d.DB.WritePool()
				b.AllowTampering(t, pool)
				args := []any{changed}
				if strings.Contains(tt.sql, "leaf_hash") {
					args = append(args, ledger.LeafHash(changed))
				}
				if _, err := pool.Exec(rebind(d.Env, tt.sql), args...); err != nil {
					t.Fatal(err)
				}
				r, _, err := export(t, d.DB, sqldb.ExportOptions{})
				if setsafe.ErrorCode(err) != setsafe.EConflict || !strings.Contains(err.Error(), tt.says) || r.closed {
					t.Errorf("%s: %v, want a refusal saying %q", tt.name, err, tt.says)
				}
			}
		})
	}
}

// TestExportSignsTheLastEntries exports entries that no checkpoint covers
// yet: the export signs one first, so that the head covers them.
func TestExportSignsTheLastEntries(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			e := storagetest.NewEnv(t, b, func(c *sqldb.Config) { c.CheckpointIdle, c.CheckpointEvery = time.Hour, time.Hour })
			storagetest.Seed(t, e.DB)
			ctx := context.Background()
			if _, err := e.DB.SignCheckpoint(ctx, "red-mesa"); err != nil {
				t.Fatal(err)
			}
			storagetest.MustAppend(t, e.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Late Arrival"}}))
			size, _ := e.DB.LedgerSize(ctx, "red-mesa")
			if cp, err := e.DB.LatestCheckpoint(ctx, "red-mesa"); err != nil || int64(cp.Size) == size {
				t.Fatalf("the last entry is signed already (%d of %d): %v", cp.Size, size, err)
			}
			r := &recorded{entries: map[uint64][]byte{}, withheld: map[uint64]string{}, contents: map[string][]byte{}}
			_, err := e.DB.Export(ctx, "red-mesa", sqldb.ExportOptions{}, func(m evidence.Manifest) (sqldb.BundleWriter, error) {
				r.manifest = m
				return r, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			r.check(t, e.Signer.Verifier())
			if r.head.Size != uint64(size) || r.manifest.To != uint64(size) {
				t.Fatalf("head at %d, entries to %d, ledger of %d", r.head.Size, r.manifest.To, size)
			}
			// The site's ledger is not a production's.
			if _, err := e.DB.Export(ctx, setsafe.SiteLedger, sqldb.ExportOptions{}, nil); setsafe.ErrorCode(err) != setsafe.EInvalid {
				t.Fatalf("export of the site ledger: %v", err)
			}
		})
	}
}

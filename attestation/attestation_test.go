package attestation_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/attestation"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/storagetest"
	"golang.org/x/mod/sumdb/note"
)

// scene is a production with three days of firearm work, on a database.
type scene struct {
	e    *storagetest.Env
	ids  map[string]string
	rec  storagetest.FirearmRecord
	zone *time.Location
}

var days = []storagetest.FirearmDay{
	{Date: "2021-10-25", Issues: 2, Refusals: 1, StopWorks: 1},
	{Date: "2021-10-26", Issues: 3, Refusals: 2},
	{Date: "2021-10-27", Issues: 1, Refusals: 0, StopWorks: 2},
}

func newScene(t *testing.T, b storagetest.Backend, profile string) *scene {
	e := storagetest.NewEnv(t, b)
	ids := storagetest.Seed(t, e.DB)
	zone, _ := time.LoadLocation("America/Denver")
	rec := storagetest.WriteFirearmDays(t, e.DB, e.Clock, "red-mesa", zone, profile, days)
	e.Clock.Set(time.Date(2021, 11, 2, 12, 0, 0, 0, zone))
	if _, err := e.DB.SignCheckpoint(context.Background(), "red-mesa"); err != nil {
		t.Fatal(err)
	}
	return &scene{e: e, ids: ids, rec: rec, zone: zone}
}

func (s *scene) build(t *testing.T, from, to string) (*attestation.Preview, error) {
	t.Helper()
	p, err := attestation.NewPeriod(from, to, s.zone, s.e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	origin, err := s.e.DB.CheckpointOrigin("red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	return attestation.Build(context.Background(), s.e.DB, attestation.Source{Ledger: "red-mesa", Production: "Red Mesa", Origin: origin}, p)
}

// of gathers what the scene recorded on the days given.
func of(m map[string][]int64, dates ...string) []int64 {
	out := []int64{}
	for _, d := range dates {
		out = append(out, m[d]...)
	}
	slices.Sort(out)
	return out
}

func count(t *testing.T, pv *attestation.Preview, name string) []int64 {
	t.Helper()
	for _, c := range pv.Counts {
		if c.Name == name {
			return c.Entries
		}
	}
	t.Fatalf("no count %q in %+v", name, pv.Counts)
	return nil
}

func TestStatementCountsThePeriod(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := newScene(t, b, "california")
			tests := []struct {
				name, from, to string
				dates          []string
			}{
				{"all three days", "2021-10-25", "2021-10-28", []string{"2021-10-25", "2021-10-26", "2021-10-27"}},
				{"the second day", "2021-10-26", "2021-10-27", []string{"2021-10-26"}},
				{"the first two days", "2021-10-20", "2021-10-27", []string{"2021-10-24", "2021-10-25", "2021-10-26"}},
				{"the last day", "2021-10-27", "2021-11-01", []string{"2021-10-27"}},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					pv, err := s.build(t, tt.from, tt.to)
					if err != nil {
						t.Fatal(err)
					}
					for _, c := range []struct {
						name string
						want []int64
					}{
						{"firearm-handoffs", of(s.rec.HandedOver, tt.dates...)},
						{"refused-handoffs", of(s.rec.Refused, tt.dates...)},
						{"loads", of(s.rec.Loaded, tt.dates...)},
						{"stop-works", of(s.rec.StopWorks, tt.dates...)},
					} {
						if got := count(t, pv, c.name); !slices.Equal(got, c.want) {
							t.Errorf("%s: %v, want %v", c.name, got, c.want)
						}
					}
					if pv.Profile != "california" || pv.ProfileEntry == 0 {
						t.Errorf("profile %q set by %d", pv.Profile, pv.ProfileEntry)
					}
					handoffs := len(of(s.rec.HandedOver, tt.dates...))
					if !strings.Contains(pv.Text, fmt.Sprintf("claim Every one of the %d firearm hand-offs", handoffs)) {
						t.Errorf("the claims do not count %d hand-offs:\n%s", handoffs, pv.Text)
					}
					// Every entry of the period is recorded in its bounds.
					start, _ := time.ParseInLocation(time.DateOnly, tt.from, s.zone)
					end, _ := time.ParseInLocation(time.DateOnly, tt.to, s.zone)
					for _, seq := range []int64{pv.First, pv.Last} {
						en, err := s.e.DB.LedgerEntry(context.Background(), "red-mesa", seq)
						if err != nil || en.Event.Time.Before(start) || !en.Event.Time.Before(end) {
							t.Errorf("entry %d at %v is not in the period (%v)", seq, en.Event.Time, err)
						}
					}
					if before, err := s.e.DB.LedgerEntry(context.Background(), "red-mesa", pv.First-1); err == nil && !before.Event.Time.Before(start) {
						t.Errorf("entry %d, before the first, is in the period", pv.First-1)
					}
				})
			}
		})
	}
}

func TestSignedStatementOpensAndReadsBack(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := newScene(t, b, "california")
			ctx := context.Background()
			pv, err := s.build(t, "2021-10-25", "2021-10-28")
			if err != nil {
				t.Fatal(err)
			}
			if pv.Witnessed {
				t.Fatalf("witnessed before any witness cosigned: %+v", pv.Checkpoint)
			}
			signed, err := attestation.Note(s.e.DB, pv)
			if err != nil {
				t.Fatal(err)
			}
			v, err := note.NewVerifier(s.e.Signer.VerifierKey())
			if err != nil {
				t.Fatal(err)
			}
			n, err := note.Open(signed, note.VerifierList(v))
			if err != nil {
				t.Fatalf("open the signed statement with the verifier key: %v", err)
			}
			back, err := evidence.ParseStatement(n.Text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, pv.Statement()) {
				t.Fatalf("the statement read back differs:\n%+v\n%+v", back, pv.Statement())
			}
			if sum := sha256.Sum256([]byte(n.Text)); hex.EncodeToString(sum[:]) != pv.SHA256 {
				t.Fatal("the hash is not of the signed text")
			}
			// Signing is recorded; the statement is built again from the
			// entry, the same byte for byte.
			evs := storagetest.MustAppend(t, s.e.DB, setsafe.On("red-mesa", setsafe.PersonActor(s.ids["producer"]), attestation.Sign{Preview: pv, Production: "Red Mesa"}))
			a := attestation.FromEvent(evs[0])
			if a == nil || a.SignedBy != s.ids["producer"] || a.StatementSHA256 != pv.SHA256 || a.Counts[0].Count != len(count(t, pv, "firearm-handoffs")) {
				t.Fatalf("recorded: %+v", evs[0].Body)
			}
			// Later entries, checkpoints and a witness change nothing.
			storagetest.MustAppend(t, s.e.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Late Comer"}}))
			cp, err := s.e.DB.SignCheckpoint(ctx, "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			cosign(t, s.e, int64(cp.Size), "witness.example/w1")
			again, err := attestation.Rebuild(ctx, s.e.DB, attestation.Source{Ledger: "red-mesa", Production: "Renamed", Origin: pv.Statement().Origin}, a)
			if err != nil {
				t.Fatal(err)
			}
			signedAgain, err := attestation.Note(s.e.DB, again)
			if err != nil || string(signedAgain) != string(signed) {
				t.Fatalf("the note built again differs (%v):\n%s\n%s", err, signedAgain, signed)
			}
			// A new statement rests on the checkpoint the witness cosigned.
			pv2, err := s.build(t, "2021-10-25", "2021-10-28")
			if err != nil {
				t.Fatal(err)
			}
			if !pv2.Witnessed || pv2.Checkpoint.Size != int64(cp.Size) || !slices.Equal(pv2.Checkpoint.Witnesses, []string{"witness.example/w1"}) {
				t.Fatalf("checkpoint %+v witnessed %v", pv2.Checkpoint, pv2.Witnessed)
			}
			// A changed record does not pass for the signed one.
			changed := *a
			changed.Last--
			if _, err := attestation.Rebuild(ctx, s.e.DB, attestation.Source{Ledger: "red-mesa", Origin: pv.Statement().Origin}, &changed); setsafe.ErrorCode(err) != setsafe.EConflict {
				t.Fatalf("a changed attestation was rebuilt: %v", err)
			}
		})
	}
}

// cosign stores a witness's cosignature of a checkpoint, as the witness
// client does when a witness answers.
func cosign(t *testing.T, e *storagetest.Env, size int64, witness string) {
	t.Helper()
	_, err := e.DB.WritePool().Exec(e.DB.Dialect().Rebind("INSERT INTO cosignatures (ledger_id, size, witness, key_hash, line, cosigned_us) VALUES (?, ?, ?, ?, ?, ?)"),
		"red-mesa", size, witness, "0badf00d", "— "+witness+" AAAA", e.Clock.Now().UnixMicro())
	if err != nil {
		t.Fatal(err)
	}
}

func TestOnlyThoseWhoAnswerForSafetySign(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := newScene(t, b, "california")
			pv, err := s.build(t, "2021-10-25", "2021-10-27")
			if err != nil {
				t.Fatal(err)
			}
			tests := []struct {
				who  string
				code string
			}{
				{s.ids["armorer"], setsafe.EForbidden},
				{s.ids["first_ad"], setsafe.EForbidden},
				{s.ids["cast"], setsafe.EForbidden},
				{storagetest.FirearmDaysStranger, setsafe.EForbidden},
				{s.ids["producer"], ""},
			}
			for _, tt := range tests {
				_, err := s.e.DB.Append(context.Background(), setsafe.On("red-mesa", setsafe.PersonActor(tt.who), attestation.Sign{Preview: pv, Production: "Red Mesa"}))
				if setsafe.ErrorCode(err) != tt.code {
					t.Errorf("%s signs: %v, want %q", tt.who, err, tt.code)
				}
			}
		})
	}
}

func TestPeriodsThatCannotBeAttested(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := newScene(t, b, "california")
			// The profile changes a few days after the firearm work.
			storagetest.MustAppend(t, s.e.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetSafetyProfile{Profile: "us"}))
			if _, err := s.e.DB.SignCheckpoint(context.Background(), "red-mesa"); err != nil {
				t.Fatal(err)
			}
			s.e.Clock.Advance(48 * time.Hour)
			now := s.e.Clock.Now().In(s.zone)
			today := now.Format(time.DateOnly)
			tomorrow := now.AddDate(0, 0, 1).Format(time.DateOnly)
			if _, err := s.build(t, "2021-10-25", today); err == nil || !strings.Contains(err.Error(), "profile changed") {
				t.Errorf("a period across a change of profile: %v", err)
			}
			if _, err := s.build(t, "2021-10-25", "2021-10-28"); err != nil {
				t.Errorf("the period before the change: %v", err)
			}
			if _, err := s.build(t, "2021-09-01", "2021-09-02"); setsafe.ErrorCode(err) != setsafe.EInvalid {
				t.Errorf("a period without entries: %v", err)
			}
			for _, p := range [][2]string{{"2021-10-25", tomorrow}, {"2021-10-25", "2021-10-25"}, {"2021-10-26", "2021-10-25"}, {"25/10/2021", "2021-10-28"}, {"2021-10-25", "2021-10-28T00:00"}, {"", ""}} {
				if _, err := attestation.NewPeriod(p[0], p[1], s.zone, s.e.Clock.Now()); setsafe.ErrorCode(err) != setsafe.EInvalid {
					t.Errorf("period %v: %v", p, err)
				}
			}
		})
	}
}

func TestNoProfileNoStatement(t *testing.T) {
	s := newScene(t, storagetest.SQLite(), "")
	if _, err := s.build(t, "2021-10-25", "2021-10-28"); err == nil || !strings.Contains(err.Error(), "No safety profile") {
		t.Fatalf("a period without a profile: %v", err)
	}
}

// bundle writes an evidence bundle of the ledger's entries 1 to the
// statement's checkpoint, as an exporter does, with a signed statement,
// and verifies it with the verifier key alone.
func bundle(t *testing.T, s *scene, st evidence.Statement, signed []byte) *evidence.Report {
	t.Helper()
	ctx := context.Background()
	to := st.CheckpointSize
	cp, err := s.e.DB.CheckpointAt(ctx, "red-mesa", int64(to))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bundle.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := evidence.NewWriter(f, evidence.Manifest{Origin: st.Origin, Ledger: "red-mesa", Production: "Red Mesa", VerifierKey: s.e.Signer.VerifierKey(),
		From: 1, To: to, Period: &st.Period, CreatedAt: s.e.Clock.Now()})
	for after := int64(0); after < int64(to); {
		entries, err := s.e.DB.Entries(ctx, "red-mesa", after, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range entries {
			if en.Seq > int64(to) {
				break
			}
			if err := w.Entry(uint64(en.Seq), en.Bytes); err != nil {
				t.Fatal(err)
			}
			after = en.Seq
		}
	}
	if err := w.Checkpoint(cp.Note); err != nil {
		t.Fatal(err)
	}
	if err := w.Attestation(signed); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(evidence.Head{Size: to}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := evidence.VerifyFile(path, evidence.Options{Key: s.e.Signer.VerifierKey()})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestAttestationVerifiesInABundle: the signed statement of a period holds
// in an evidence bundle of its entries, checked with the verifier key
// alone; one whose count leaves out a refused hand-off does not, and the
// verifier names the entry; on both databases.
func TestAttestationVerifiesInABundle(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := newScene(t, b, "california")
			pv, err := s.build(t, "2021-10-25", "2021-10-28")
			if err != nil {
				t.Fatal(err)
			}
			signed, err := attestation.Note(s.e.DB, pv)
			if err != nil {
				t.Fatal(err)
			}
			rep := bundle(t, s, pv.Statement(), signed)
			if !rep.OK() || rep.Attestation == nil || !reflect.DeepEqual(*rep.Attestation, pv.Statement()) {
				t.Fatalf("a true statement does not verify: %v", rep.Problems)
			}

			// The count of refused hand-offs leaves out the second one.
			wrong := pv.Statement()
			left := s.rec.Refused["2021-10-26"][1]
			for i, c := range wrong.Counts {
				if c.Name == "refused-handoffs" {
					wrong.Counts[i].Entries = slices.DeleteFunc(slices.Clone(c.Entries), func(seq uint64) bool { return seq == uint64(left) })
				}
			}
			forged, err := s.e.DB.SignNote(wrong.Text())
			if err != nil {
				t.Fatal(err)
			}
			rep = bundle(t, s, wrong, forged)
			if rep.OK() || rep.Attestation != nil {
				t.Fatal("a statement with a wrong count verifies")
			}
			named := false
			for _, p := range rep.Problems {
				named = named || p.Where == "attestation" && strings.Contains(p.What, fmt.Sprintf("entry %d ", left))
			}
			if !named {
				t.Errorf("the problems do not name entry %d: %v", left, rep.Problems)
			}
		})
	}
}

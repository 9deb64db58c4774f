package storagetest

import (
	"context"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// SeedArmory gives the seeded production's armorer a permit, names a
// compliance contact, and receives a revolver and a lot of dummies. It
// returns the IDs of the firearm ("colt") and the lot ("dummies").
func SeedArmory(t testing.TB, ctx context.Context, db interface {
	Append(context.Context, setsafe.Request) ([]setsafe.Event, error)
}, ids map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{"colt": setsafe.NewID(), "dummies": setsafe.NewID()}
	for _, c := range []setsafe.Command{
		setsafe.RecordPermit{ID: setsafe.NewID(), PersonID: ids["armorer"], Kind: "armorer", Number: "NM-0042", Issuer: "State of New Mexico", Expires: "2030-12-31"},
		setsafe.NameComplianceContact{PersonID: ids["producer"]},
		setsafe.ReceiveFirearm{ID: out["colt"], Make: "Colt", Model: "Single Action Army", Serial: "4417", Kind: "blank_firing",
			Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: ids["armorer"]},
		setsafe.ReceiveAmmoLot{ID: out["dummies"], Label: "D-1", Kind: "dummy", Calibre: ".45 Colt", Source: "PDQ Arm & Prop",
			Headstamp: "PDQ 45", Count: 50, Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-D45"}, By: ids["armorer"]},
	} {
		if _, err := db.Append(ctx, setsafe.On("red-mesa", Operator, c)); err != nil {
			t.Fatalf("%T: %v", c, err)
		}
	}
	return out
}

func testRefusalIsRecorded(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	arms := SeedArmory(t, ctx, e.DB, ids)
	before, _ := e.DB.LedgerSize(ctx, "red-mesa")
	// The 1st AD takes the revolver out of the store (Rust, link 8).
	evs, err := e.DB.Append(ctx, setsafe.On("red-mesa", setsafe.PersonActor(ids["first_ad"]), setsafe.UnsecureFirearm{FirearmID: arms["colt"]}))
	if setsafe.ErrorCode(err) != setsafe.ERefused || len(evs) != 1 || evs[0].Type() != "action.refused" {
		t.Fatalf("want a recorded refusal, got %v and %+v", err, evs)
	}
	if after, _ := e.DB.LedgerSize(ctx, "red-mesa"); after != before+1 {
		t.Fatalf("ledger grew from %d to %d; want the refusal alone", before, after)
	}
	en, err := e.DB.LedgerEntry(ctx, "red-mesa", before+1)
	if err != nil {
		t.Fatal(err)
	}
	refused, ok := en.Event.Body.(*setsafe.ActionRefused)
	if !ok || refused.FirearmID != arms["colt"] || refused.From != ids["first_ad"] || len(refused.Rules) == 0 || refused.Rules[0].ID != "FA-3" {
		t.Fatalf("stored refusal: %+v", en.Event.Body)
	}
	if f, err := e.DB.Firearm(ctx, "red-mesa", arms["colt"]); err != nil || f.Store != "armory truck" || f.Custodian != "" {
		t.Fatalf("a refused action moved the firearm: %+v %v", f, err)
	}
	verifyOK(t, e)
}

func testArmoryReadsAndState(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	arms := SeedArmory(t, ctx, e.DB, ids)
	armorer := setsafe.PersonActor(ids["armorer"])
	MustAppend(t, e.DB, setsafe.On("red-mesa", armorer, setsafe.UnsecureFirearm{FirearmID: arms["colt"]}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", armorer, setsafe.VerifyInert{LotID: arms["dummies"], Methods: []string{"rattle", "no_primer"}, Checked: 50, Witness: ids["first_ad"]}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", armorer, setsafe.LoadFirearm{FirearmID: arms["colt"], LotID: arms["dummies"], Rounds: 6}))

	f, err := e.DB.Firearm(ctx, "red-mesa", arms["colt"])
	if err != nil || f.Custodian != ids["armorer"] || f.LoadedRounds != 6 || f.LoadedLot != arms["dummies"] {
		t.Fatalf("firearm: %+v %v", f, err)
	}
	lots, err := e.DB.AmmoLots(ctx, "red-mesa")
	if err != nil || len(lots) != 1 || lots[0].InStock != 44 || lots[0].Loaded != 6 || !lots[0].Verified {
		t.Fatalf("lots: %+v %v", lots, err)
	}
	if _, err := e.DB.Firearm(ctx, "red-mesa", "nope"); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("missing firearm: %v", err)
	}

	// The state read from the projections gives the gate the same answer
	// the writer would: no meeting and no show-clear yet.
	st, err := e.DB.LedgerState(ctx, "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.Verdict(e.DB.Clock().Now(), gate.Action{Kind: gate.Handover, Firearm: arms["colt"], From: ids["armorer"], To: ids["cast"], ConfirmedWithPIN: []string{ids["armorer"], ids["cast"]}})
	if err != nil {
		t.Fatal(err)
	}
	rules := v.Rules()
	if v.Go || len(rules) == 0 {
		t.Fatalf("verdict: %s", v)
	}
	_, err = e.DB.Append(ctx, setsafe.On("red-mesa", armorer, setsafe.HandOver{FirearmID: arms["colt"], To: ids["cast"], ConfirmedWithPIN: []string{ids["armorer"], ids["cast"]}, Device: "tablet-1"}))
	se, ok := err.(*setsafe.Error)
	if !ok || se.Code != setsafe.ERefused || len(se.Rules) != len(rules) {
		t.Fatalf("the writer's refusal %v differs from the verdict read beforehand %s", err, v)
	}
	for i, r := range se.Rules {
		if r.ID != string(rules[i]) {
			t.Fatalf("rule %d: writer %s, verdict %s", i, r.ID, rules[i])
		}
	}
	if _, err := e.DB.LedgerState(ctx, "no-such-film"); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("state of a missing production: %v", err)
	}
	verifyOK(t, e)
}

func testFilesAreEvidence(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	arms := SeedArmory(t, ctx, e.DB, ids)
	photo := setsafe.NewFile("image/png", []byte("\x89PNG\r\n\x1a\n a photo of the revolver's left side"))
	evs := MustAppend(t, e.DB, setsafe.On("red-mesa", setsafe.PersonActor(ids["armorer"]),
		setsafe.AttachFile{Subject: setsafe.SubjectFirearm, SubjectID: arms["colt"], File: photo, Caption: "Left side, serial visible"}))
	if len(evs) != 1 {
		t.Fatalf("attach: %+v", evs)
	}
	// Attaching the same file again records nothing.
	if evs := MustAppend(t, e.DB, setsafe.On("red-mesa", setsafe.PersonActor(ids["armorer"]),
		setsafe.AttachFile{Subject: setsafe.SubjectFirearm, SubjectID: arms["colt"], File: photo})); len(evs) != 0 {
		t.Fatalf("attached twice: %+v", evs)
	}
	contentType, data, err := e.DB.File(ctx, "red-mesa", photo.SHA256)
	if err != nil || contentType != "image/png" || string(data) != string(photo.Data) {
		t.Fatalf("file: %q %q %v", contentType, data, err)
	}
	list, err := e.DB.Attachments(ctx, "red-mesa", setsafe.SubjectFirearm, arms["colt"])
	if err != nil || len(list) != 1 || list[0].Caption != "Left side, serial visible" {
		t.Fatalf("attachments: %+v %v", list, err)
	}
	if _, err := e.DB.WritePool().Exec(e.DB.Dialect().Rebind("UPDATE files SET data = ? WHERE sha256 = ?"), []byte("another photo"), photo.SHA256); err == nil {
		t.Fatal("a stored file was changed")
	}
	verifyOK(t, e)
	b.AllowTampering(t, e.DB.WritePool())
	if _, err := e.DB.WritePool().Exec(e.DB.Dialect().Rebind("UPDATE files SET data = ? WHERE sha256 = ?"), []byte("another photo"), photo.SHA256); err != nil {
		t.Fatal(err)
	}
	rep, err := e.DB.Verify(ctx, e.Signer.Verifier(), "")
	if err != nil || rep.OK() || !strings.Contains(rep.Problems[0].What, "was changed") {
		t.Fatalf("verify after a photo was swapped: %v %+v", err, rep.Problems)
	}
}

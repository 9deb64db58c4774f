package setsafe

import (
	"strings"
	"testing"
)

func TestReceivingALotNeedsItsOrigin(t *testing.T) {
	op := SystemActor("test")
	lot := func(o LotOrigin) ReceiveAmmoLot {
		return ReceiveAmmoLot{ID: "d2", Label: "D-2", Kind: "dummy", Calibre: ".45 Colt", Source: "the shop", Headstamp: "WIN 45 COLT", Count: 24, Origin: o, By: "hannah"}
	}
	refusals := []struct {
		name   string
		origin LotOrigin
		rule   string
	}{
		{"dummies made up from live cartridges keep their primers (AM-1)", LotOrigin{Kind: "made_up", MadeFrom: "live_cartridges"}, "AM-1"},
		{"a lot whose origin is not said (AM-4)", LotOrigin{}, "AM-4"},
		{"a factory lot without its maker (AM-4)", LotOrigin{Kind: "factory", Product: "45 Colt dummy"}, "AM-4"},
		{"a rental house lot without their lot reference (AM-4)", LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop"}, "AM-4"},
		{"rounds made up without saying from what (AM-4)", LotOrigin{Kind: "made_up"}, "AM-4"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			w := armoryWorld(t)
			evs, err := w.run("red-mesa", op, lot(tc.origin))
			refusedFor(t, evs, err, tc.rule)
			if w.state("red-mesa").AmmoLot("d2") != nil {
				t.Fatal("the lot was received")
			}
		})
	}
	mistakes := []struct {
		name   string
		origin LotOrigin
		field  string
	}{
		{"an origin that is none of the kinds", LotOrigin{Kind: "gun_show"}, "origin.kind"},
		{"made up from something unknown", LotOrigin{Kind: "made_up", MadeFrom: "whatever"}, "origin.made_from"},
	}
	for _, tc := range mistakes {
		t.Run(tc.name, func(t *testing.T) {
			_, err := armoryWorld(t).run("red-mesa", op, lot(tc.origin))
			if e, ok := err.(*Error); !ok || e.Code != EInvalid || e.Fields[tc.field] == "" {
				t.Fatalf("want a problem with %s, got %v", tc.field, err)
			}
		})
	}
	t.Run("made up from new cases and inert projectiles, kept as structured data", func(t *testing.T) {
		w := armoryWorld(t)
		w.must("red-mesa", op, lot(LotOrigin{Kind: "made_up", MadeFrom: "new_components", Maker: "ignored"}))
		l := w.state("red-mesa").AmmoLot("d2")
		if l.OriginKind != "made_up" || l.OriginMadeFrom != "new_components" || l.OriginMaker != "" {
			t.Fatalf("origin as recorded: %+v", l)
		}
	})
}

// A ledger written before lots recorded their origin holds version 1 of
// ammo_lot.received: it still decodes, encodes back to the bytes recorded,
// and folds into a lot whose origin is unknown.
func TestLotReceivedBeforeOriginsWereRecorded(t *testing.T) {
	old := []byte(`{"id":"d1","label":"D-1","kind":"dummy","load_strength":"","calibre":".45 Colt","source":"PDQ Arm \u0026 Prop","headstamp":"PDQ 45","count":50}`)
	b, err := DecodeBody("ammo_lot.received", 1, old)
	if err != nil {
		t.Fatal(err)
	}
	if BodyVersionOf(b) != 1 || BodyVersion("ammo_lot.received") != 2 {
		t.Fatalf("versions: this body %d, current %d", BodyVersionOf(b), BodyVersion("ammo_lot.received"))
	}
	again, err := EncodeBody(b)
	if err != nil || string(again) != string(old) {
		t.Fatalf("encoded again as %s (%v)", again, err)
	}
	if _, err := DecodeBody("ammo_lot.received", 2, old); err == nil {
		t.Fatal("a version 1 body read as version 2")
	}
	if _, err := DecodeBody("ammo_lot.received", 3, old); err == nil {
		t.Fatal("a body version that never existed was read")
	}
	s := newWorld(t).state("red-mesa")
	if err := s.Apply(Event{Ledger: "red-mesa", Seq: s.Size + 1, Time: t0, Actor: SystemActor("test"), Body: b}); err != nil {
		t.Fatal(err)
	}
	l := s.AmmoLot("d1")
	if l == nil || l.InStock != 50 || l.OriginKind != "" || l.Origin().Kind != "" {
		t.Fatalf("the old lot folded as %+v", l)
	}
}

func TestOnlyCheckedRoundsAreLoaded(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	check := VerifyInert{LotID: "dummies", Methods: []string{"rattle", "weight"}, Checked: 4, Witness: "marcus", By: "hannah"}
	w.must("red-mesa", op, check)
	evs, err := w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	refusedFor(t, evs, err, "AM-3")
	if !strings.Contains(err.Error(), "Only 4 rounds of lot D-1 were checked inert") {
		t.Fatalf("the refusal does not name the counts: %v", err)
	}
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 4, By: "hannah"})
	if l := w.state("red-mesa").AmmoLot("dummies"); l.VerifiedRounds != 0 || l.InStock != 46 {
		t.Fatalf("after loading every checked round: %+v", l)
	}
	// Rounds not fired come back checked; fired ones do not.
	w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 1, Report: "u1", By: "hannah"})
	if l := w.state("red-mesa").AmmoLot("dummies"); l.VerifiedRounds != 3 || l.VerifiedWitness != "marcus" || l.VerifiedMethod != "rattle weight" {
		t.Fatalf("after unloading: %+v", l)
	}
	// The rounds checked are not counted twice: 49 in the box, 3 checked.
	if _, err := w.run("red-mesa", op, VerifyInert{LotID: "dummies", Methods: []string{"rattle"}, Checked: 47, Witness: "marcus", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("more rounds checked than are unchecked: %v", err)
	}
	for name, c := range map[string]VerifyInert{
		"no witness":            {LotID: "dummies", Methods: []string{"rattle"}, Checked: 1, By: "hannah"},
		"witnessed by herself":  {LotID: "dummies", Methods: []string{"rattle"}, Checked: 1, Witness: "hannah", By: "hannah"},
		"no check named":        {LotID: "dummies", Checked: 1, Witness: "marcus", By: "hannah"},
		"failures not made":     {LotID: "dummies", Methods: []string{"rattle"}, Checked: 2, Failed: 1, Failures: []string{"weight"}, Report: "r1", Witness: "marcus", By: "hannah"},
		"failed without saying": {LotID: "dummies", Methods: []string{"rattle"}, Checked: 2, Failed: 1, Report: "r1", Witness: "marcus", By: "hannah"},
		"more failed than seen": {LotID: "dummies", Methods: []string{"rattle"}, Checked: 2, Failed: 3, Failures: []string{"rattle"}, Report: "r1", Witness: "marcus", By: "hannah"},
	} {
		if _, err := w.run("red-mesa", op, c); ErrorCode(err) != EInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestAFailedCheckQuarantinesTheLot(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "tom", PersonDetails: PersonDetails{Name: "Tom"}, Roles: []Role{RoleArmorer}})
	// A round that does not rattle, and one that still has its primer.
	evs := w.must("red-mesa", op, VerifyInert{LotID: "dummies", Methods: []string{"no_primer", "rattle"}, Checked: 50, Failed: 2,
		Failures: []string{"rattle", "no_primer"}, Report: "live1", Witness: "marcus", By: "hannah"})
	if len(evs) != 2 || evs[0].Type() != "live_round.reported" || evs[1].Type() != "ammo_lot.check_failed" {
		t.Fatalf("recorded %v", evs)
	}
	s := w.state("red-mesa")
	if l := s.AmmoLot("dummies"); !l.Quarantined || l.VerifiedRounds != 0 || l.QuarantineReport != "live1" {
		t.Fatalf("the lot after a failed check: %+v", l)
	}
	if x := s.LiveRoundReport("live1"); x == nil || !strings.Contains(x.Description, "Lot D-1") || !strings.Contains(x.Description, "has a primer") {
		t.Fatalf("the live round report: %+v", x)
	}
	// All firearm work stops, and the lot is not loaded.
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	refusedFor(t, evs, err, "AM-1")
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	refusedFor(t, evs, err, "AM-1")
	// It is checked again only once removed from set, and by someone else.
	recheck := VerifyInert{LotID: "dummies", Methods: []string{"no_primer", "rattle", "weight"}, Checked: 48, Witness: "marcus", By: "hannah"}
	if _, err := w.run("red-mesa", op, recheck); ErrorCode(err) != EConflict {
		t.Fatalf("checked again while still on set: %v", err)
	}
	w.must("red-mesa", op, ClearLiveRound{ID: "live1", VerifiedBy: "marcus", By: "hannah"})
	// Firearm work goes on; the lot stays quarantined.
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "hannah", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "jack"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	refusedFor(t, evs, err, "AM-1")
	if _, err := w.run("red-mesa", op, recheck); ErrorCode(err) != EInvalid {
		t.Fatalf("the armorer who found the failure checked it again herself: %v", err)
	}
	recheck.By = "tom"
	w.must("red-mesa", op, recheck)
	if l := w.state("red-mesa").AmmoLot("dummies"); l.Quarantined || l.VerifiedRounds != 48 {
		t.Fatalf("after the second check: %+v", l)
	}
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
}

func TestAFirearmLoadedFromAQuarantinedLotIsNotIssued(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	w.must("red-mesa", op, VerifyInert{LotID: "dummies", Methods: []string{"rattle"}, Checked: 44, Failed: 1,
		Failures: []string{"rattle"}, Report: "live1", Witness: "marcus", By: "hannah"})
	w.must("red-mesa", op, ClearLiveRound{ID: "live1", VerifiedBy: "marcus", By: "hannah"})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	refusedFor(t, evs, err, "AM-1")
	// Out of the production it may go.
	w.must("red-mesa", op, ReturnRounds{LotID: "dummies", Count: 44, Note: "Back to PDQ with the round that did not rattle"})
}

// A check recorded before checks were witnessed counts the rounds it named.
func TestInertCheckBeforeWitnesses(t *testing.T) {
	old := []byte(`{"lot_id":"dummies","method":"rattle","checked":20,"by":"hannah"}`)
	b, err := DecodeBody("ammo_lot.verified_inert", 1, old)
	if err != nil {
		t.Fatal(err)
	}
	w := armoryWorld(t)
	s := w.state("red-mesa")
	if err := s.Apply(Event{Ledger: "red-mesa", Seq: s.Size + 1, Time: t0, Actor: SystemActor("test"), Body: b}); err != nil {
		t.Fatal(err)
	}
	if l := s.AmmoLot("dummies"); !l.Verified || l.VerifiedRounds != 20 || l.VerifiedMethod != "rattle" {
		t.Fatalf("the old check folded as %+v", l)
	}
}

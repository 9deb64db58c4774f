package setsafe

import "testing"

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
	if VersionOf(b) != 1 || BodyVersion("ammo_lot.received") != 2 {
		t.Fatalf("versions: this body %d, current %d", VersionOf(b), BodyVersion("ammo_lot.received"))
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

package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[AmmoLotReceived](2, "Ammunition lot received")
	registerOlder[AmmoLotReceivedV1]()
	register[AmmoLotVerifiedInert](2, "Dummy lot checked inert")
	registerOlder[AmmoLotVerifiedInertV1]()
	register[AmmoLotCheckFailed](1, "Dummy lot failed its inert check")
	register[RoundsReturned](1, "Rounds returned to the supplier")
	register[RoundsDestroyed](1, "Rounds destroyed before a witness")
}

// AmmoLotReceived records a lot of rounds entering the production, and
// where its rounds were made (body version 2).
type AmmoLotReceived struct {
	ID           string    `json:"id"`
	Label        string    `json:"label"`
	Kind         string    `json:"kind"`
	LoadStrength string    `json:"load_strength"`
	Calibre      string    `json:"calibre"`
	Source       string    `json:"source"`
	Headstamp    string    `json:"headstamp"`
	Count        int64     `json:"count"`
	Origin       LotOrigin `json:"origin"`
}

// LotOrigin is where a lot's rounds were made: by a maker (Maker and
// Product), by a rental house (House and HouseLot, the house's own lot
// reference), or made up on set or in the shop (MadeFrom says from what).
// Kind is one of [OriginKinds], MadeFrom one of [MadeFromKinds].
type LotOrigin struct {
	Kind     string `json:"kind"`
	Maker    string `json:"maker,omitempty"`
	Product  string `json:"product,omitempty"`
	House    string `json:"house,omitempty"`
	HouseLot string `json:"house_lot,omitempty"`
	MadeFrom string `json:"made_from,omitempty"`
}

// EventType implements Body.
func (*AmmoLotReceived) EventType() string { return "ammo_lot.received" }

func (b *AmmoLotReceived) apply(s *State, e Event) error {
	if s.AmmoLot(b.ID) != nil {
		return fmt.Errorf("lot %s exists already", b.ID)
	}
	o := b.Origin
	s.put(&AmmoLot{ID: b.ID, Label: b.Label, Kind: b.Kind, LoadStrength: b.LoadStrength, Calibre: b.Calibre, Source: b.Source,
		Headstamp: b.Headstamp, Received: b.Count, InStock: b.Count, ReceivedAt: e.Time, LastSeq: e.Seq,
		OriginKind: o.Kind, OriginMaker: o.Maker, OriginProduct: o.Product, OriginHouse: o.House, OriginHouseLot: o.HouseLot, OriginMadeFrom: o.MadeFrom})
	return nil
}

func (b *AmmoLotReceived) refers() References {
	return References{Lots: []string{b.ID}}
}

// AmmoLotReceivedV1 is body version 1 of ammo_lot.received, written before
// lots recorded their origin: such a lot folds with its origin unknown.
type AmmoLotReceivedV1 struct {
	ID           string `json:"id"`
	Label        string `json:"label"`
	Kind         string `json:"kind"`
	LoadStrength string `json:"load_strength"`
	Calibre      string `json:"calibre"`
	Source       string `json:"source"`
	Headstamp    string `json:"headstamp"`
	Count        int64  `json:"count"`
}

func (*AmmoLotReceivedV1) bodyVersion() int { return 1 }

// EventType implements Body.
func (*AmmoLotReceivedV1) EventType() string { return "ammo_lot.received" }

func (b *AmmoLotReceivedV1) apply(s *State, e Event) error {
	return (&AmmoLotReceived{ID: b.ID, Label: b.Label, Kind: b.Kind, LoadStrength: b.LoadStrength, Calibre: b.Calibre, Source: b.Source,
		Headstamp: b.Headstamp, Count: b.Count}).apply(s, e)
}

func (b *AmmoLotReceivedV1) refers() References {
	return References{Lots: []string{b.ID}}
}

// AmmoLotVerifiedInert records that rounds of a dummy lot were checked
// inert: how many, by which checks (each one of [InertMethods]), by whom and
// before which witness, who confirmed with their PIN (body version 2).
// Those rounds may be loaded (AM-3). A check of a quarantined lot by a
// second person lifts the quarantine and counts only its own rounds.
type AmmoLotVerifiedInert struct {
	LotID   string   `json:"lot_id"`
	Checked int64    `json:"checked"`
	Methods []string `json:"methods"`
	By      string   `json:"by"`
	Witness string   `json:"witness"`
}

// EventType implements Body.
func (*AmmoLotVerifiedInert) EventType() string { return "ammo_lot.verified_inert" }

func (b *AmmoLotVerifiedInert) apply(s *State, e Event) error {
	l := edit(s.AmmoLot(b.LotID))
	if l == nil {
		return fmt.Errorf("lot %s does not exist", b.LotID)
	}
	if l.Quarantined {
		l.Quarantined, l.QuarantineReport, l.QuarantinedBy, l.VerifiedRounds = false, "", "", 0
	}
	l.Verified, l.VerifiedBy, l.VerifiedMethod, l.VerifiedWitness, l.LastSeq = true, b.By, strings.Join(b.Methods, " "), b.Witness, e.Seq
	l.VerifiedRounds = min(l.InStock, l.VerifiedRounds+b.Checked)
	s.put(l)
	return nil
}

func (b *AmmoLotVerifiedInert) refers() References {
	return References{Lots: []string{b.LotID}, People: named(b.By, b.Witness)}
}

// AmmoLotVerifiedInertV1 is body version 1 of ammo_lot.verified_inert,
// written before checks were witnessed: one method, and the rounds checked,
// which count as checked rounds as they do in version 2.
type AmmoLotVerifiedInertV1 struct {
	LotID   string `json:"lot_id"`
	Method  string `json:"method"`
	Checked int64  `json:"checked"`
	By      string `json:"by"`
}

func (*AmmoLotVerifiedInertV1) bodyVersion() int { return 1 }

// EventType implements Body.
func (*AmmoLotVerifiedInertV1) EventType() string { return "ammo_lot.verified_inert" }

func (b *AmmoLotVerifiedInertV1) apply(s *State, e Event) error {
	return (&AmmoLotVerifiedInert{LotID: b.LotID, Checked: b.Checked, Methods: []string{b.Method}, By: b.By}).apply(s, e)
}

func (b *AmmoLotVerifiedInertV1) refers() References {
	return References{Lots: []string{b.LotID}, People: named(b.By)}
}

// AmmoLotCheckFailed records rounds of a dummy lot failing their inert
// check: of Checked rounds, Failed failed the checks in Failures (a round
// that does not rattle, has a primer, weighs wrong, has no drilled case).
// The lot is quarantined at once, and the live round report Report, recorded
// with it, stops all firearm work (AM-1) until the armorer removes the lot
// from set and a second person verifies; the lot stays quarantined until a
// second qualified person checks it inert again.
type AmmoLotCheckFailed struct {
	LotID    string   `json:"lot_id"`
	Checked  int64    `json:"checked"`
	Methods  []string `json:"methods"`
	Failed   int64    `json:"failed"`
	Failures []string `json:"failures"`
	Note     string   `json:"note"`
	Report   string   `json:"report"`
	By       string   `json:"by"`
	Witness  string   `json:"witness"`
}

// EventType implements Body.
func (*AmmoLotCheckFailed) EventType() string { return "ammo_lot.check_failed" }

func (b *AmmoLotCheckFailed) apply(s *State, e Event) error {
	l := edit(s.AmmoLot(b.LotID))
	if l == nil {
		return fmt.Errorf("lot %s does not exist", b.LotID)
	}
	l.Quarantined, l.QuarantineReport, l.QuarantinedBy, l.LastSeq = true, b.Report, b.By, e.Seq
	l.Verified, l.VerifiedRounds = false, 0
	s.put(l)
	return nil
}

func (b *AmmoLotCheckFailed) refers() References {
	return References{Lots: []string{b.LotID}, People: named(b.By, b.Witness)}
}

// RoundsReturned records rounds of a lot going back to their source.
type RoundsReturned struct {
	LotID string `json:"lot_id"`
	Count int64  `json:"count"`
	Note  string `json:"note"`
}

// EventType implements Body.
func (*RoundsReturned) EventType() string { return "ammo_lot.rounds_returned" }

func (b *RoundsReturned) apply(s *State, e Event) error {
	return s.takeRounds(e, b.LotID, b.Count, func(l *AmmoLot) { l.Returned += b.Count })
}

func (b *RoundsReturned) refers() References {
	return References{Lots: []string{b.LotID}}
}

// RoundsDestroyed records rounds of a lot destroyed, how, and who
// witnessed it.
type RoundsDestroyed struct {
	LotID   string `json:"lot_id"`
	Count   int64  `json:"count"`
	Method  string `json:"method"`
	Witness string `json:"witness"`
}

// EventType implements Body.
func (*RoundsDestroyed) EventType() string { return "ammo_lot.rounds_destroyed" }

func (b *RoundsDestroyed) apply(s *State, e Event) error {
	return s.takeRounds(e, b.LotID, b.Count, func(l *AmmoLot) { l.Destroyed += b.Count })
}

func (b *RoundsDestroyed) refers() References {
	return References{Lots: []string{b.LotID}, People: named(b.Witness)}
}

func (s *State) takeRounds(e Event, lotID string, n int64, record func(*AmmoLot)) error {
	l := edit(s.AmmoLot(lotID))
	if l == nil || n < 1 || n > l.InStock {
		return fmt.Errorf("cannot take %d rounds out of lot %s", n, lotID)
	}
	l.InStock, l.LastSeq = l.InStock-n, e.Seq
	l.VerifiedRounds = min(l.VerifiedRounds, l.InStock)
	record(l)
	s.put(l)
	return nil
}

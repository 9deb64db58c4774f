package setsafe

import (
	"fmt"
	"strings"
	"time"
)

func init() {
	register[FirearmReceived](1, "Firearm received")
	register[FirearmUnsecured](1, "Taken out of its store")
	register[FirearmSecured](1, "Locked in a store")
	register[FirearmHandedOver](2, "Handed over")
	registerOlder[FirearmHandedOverOnePIN]()
	register[FirearmLoaded](2, "Loaded")
	registerOlder[FirearmLoadedV1]()
	register[FirearmUnloaded](1, "Unloaded")
	register[FirearmShownClear](1, "Shown clear")
	register[FirearmInspected](1, "Inspected at the bench")
	register[FirearmOutOfService](1, "Taken out of service")
	register[FirearmReturnedToOwner](1, "Returned to its owner")
	register[DischargeReported](2, "Discharge reported")
	registerOlder[DischargeReportedV1]()
	register[FirearmReturnedToService](1, "Back in service")
}

// FirearmReceived records a firearm entering the production through the
// armorer's receiving record, into a locked store.
type FirearmReceived struct {
	ID           string `json:"id"`
	Make         string `json:"make"`
	Model        string `json:"model"`
	Serial       string `json:"serial"`
	Kind         string `json:"kind"`
	Calibre      string `json:"calibre"`
	Chambers     int64  `json:"chambers"`
	Owner        string `json:"owner"`
	OwnerLicence string `json:"owner_licence"`
	Condition    string `json:"condition"`
	Store        string `json:"store"`
}

// EventType implements Body.
func (*FirearmReceived) EventType() string { return "firearm.received" }

func (b *FirearmReceived) apply(s *State, e Event) error {
	if s.Firearm(b.ID) != nil {
		return fmt.Errorf("firearm %s exists already", b.ID)
	}
	s.put(&Firearm{ID: b.ID, Make: b.Make, Model: b.Model, Serial: b.Serial, Kind: b.Kind, Calibre: b.Calibre, Chambers: b.Chambers,
		Owner: b.Owner, OwnerLicence: b.OwnerLicence, Condition: b.Condition, Store: b.Store, CustodySince: e.Time, ReceivedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *FirearmReceived) refers() References {
	return References{Firearms: []string{b.ID}}
}

// FirearmUnsecured records a firearm taken out of its store into a
// person's custody.
type FirearmUnsecured struct {
	FirearmID string `json:"firearm_id"`
	PersonID  string `json:"person_id"`
}

// EventType implements Body.
func (*FirearmUnsecured) EventType() string { return "firearm.unsecured" }

func (b *FirearmUnsecured) apply(s *State, e Event) error {
	return s.moveFirearm(e, b.FirearmID, b.PersonID, "")
}

func (b *FirearmUnsecured) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.PersonID)}
}

// FirearmSecured records a firearm locked in a store.
type FirearmSecured struct {
	FirearmID string `json:"firearm_id"`
	Store     string `json:"store"`
}

// EventType implements Body.
func (*FirearmSecured) EventType() string { return "firearm.secured" }

func (b *FirearmSecured) apply(s *State, e Event) error {
	return s.moveFirearm(e, b.FirearmID, "", b.Store)
}

func (b *FirearmSecured) refers() References {
	return References{Firearms: []string{b.FirearmID}}
}

// FirearmHandedOver records a firearm passing from one person to another,
// each confirming with their own PIN on one device (FA-3). This is body
// version 2; version 1 is [FirearmHandedOverOnePIN].
type FirearmHandedOver struct {
	FirearmID string `json:"firearm_id"`
	From      string `json:"from"`
	To        string `json:"to"`
	// ConfirmedWithPIN are the people whose own PIN confirmed it, the
	// giver first and then the receiver.
	ConfirmedWithPIN []string `json:"confirmed_with_pin"`
	// Device is the device the PINs were typed on, as [HandOver.Device]
	// says.
	Device string `json:"device"`
	SetUp  string `json:"setup"`
}

// EventType implements Body.
func (*FirearmHandedOver) EventType() string { return "firearm.handed_over" }

func (b *FirearmHandedOver) apply(s *State, e Event) error {
	if err := s.moveFirearm(e, b.FirearmID, b.To, ""); err != nil {
		return err
	}
	if b.SetUp != "" {
		f := edit(s.Firearm(b.FirearmID))
		f.SetUpID = b.SetUp
		s.put(f)
	}
	return nil
}

func (b *FirearmHandedOver) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.From, b.To), SetUp: b.SetUp}
}

// FirearmHandedOverOnePIN is a hand-off as body version 1 recorded it,
// before both people confirmed with their PIN: one confirmed by acting in
// their session, the other (the receiver, or the giver when the receiver
// acted) as ConfirmedBy says ("pin" or "session"). Old ledgers hold it;
// nothing writes it any more.
type FirearmHandedOverOnePIN struct {
	FirearmID   string `json:"firearm_id"`
	From        string `json:"from"`
	To          string `json:"to"`
	ConfirmedBy string `json:"confirmed_by"`
	SetUp       string `json:"setup"`
}

// EventType implements Body.
func (*FirearmHandedOverOnePIN) EventType() string { return "firearm.handed_over" }

func (*FirearmHandedOverOnePIN) bodyVersion() int { return 1 }

func (b *FirearmHandedOverOnePIN) apply(s *State, e Event) error {
	return s.moveFirearm(e, b.FirearmID, b.To, "")
}

func (b *FirearmHandedOverOnePIN) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.From, b.To), SetUp: b.SetUp}
}

// FirearmLoaded records rounds from a lot loaded into a firearm for a
// set-up. This is body version 2; version 1, [FirearmLoadedV1], named no
// set-up.
type FirearmLoaded struct {
	FirearmID string `json:"firearm_id"`
	LotID     string `json:"lot_id"`
	Rounds    int64  `json:"rounds"`
	// SetUp is the set-up it is loaded for, or "" on a day without
	// set-ups that bring firearms.
	SetUp string `json:"setup"`
}

// EventType implements Body.
func (*FirearmLoaded) EventType() string { return "firearm.loaded" }

func (b *FirearmLoaded) apply(s *State, e Event) error {
	return s.loadFirearm(e, b.FirearmID, b.LotID, b.Rounds, b.SetUp)
}

func (b *FirearmLoaded) refers() References {
	return References{Firearms: []string{b.FirearmID}, Lots: []string{b.LotID}, SetUp: b.SetUp}
}

// FirearmLoadedV1 is a load as body version 1 recorded it, for no set-up.
// Old ledgers hold it; nothing writes it any more.
type FirearmLoadedV1 struct {
	FirearmID string `json:"firearm_id"`
	LotID     string `json:"lot_id"`
	Rounds    int64  `json:"rounds"`
}

// EventType implements Body.
func (*FirearmLoadedV1) EventType() string { return "firearm.loaded" }

func (*FirearmLoadedV1) bodyVersion() int { return 1 }

func (b *FirearmLoadedV1) apply(s *State, e Event) error {
	return s.loadFirearm(e, b.FirearmID, b.LotID, b.Rounds, "")
}

func (b *FirearmLoadedV1) refers() References {
	return References{Firearms: []string{b.FirearmID}, Lots: []string{b.LotID}}
}

// loadFirearm moves rounds from a lot into a firearm.
func (s *State) loadFirearm(e Event, firearm, lot string, rounds int64, setUp string) error {
	f, l := edit(s.Firearm(firearm)), edit(s.AmmoLot(lot))
	if f == nil || l == nil || l.InStock < rounds {
		return fmt.Errorf("cannot load %d rounds of lot %s into firearm %s", rounds, lot, firearm)
	}
	f.LoadedLot, f.LoadedRounds, f.LastSeq = lot, f.LoadedRounds+rounds, e.Seq
	if setUp != "" {
		f.SetUpID = setUp
	}
	l.InStock, l.Loaded, l.LastSeq = l.InStock-rounds, l.Loaded+rounds, e.Seq
	l.VerifiedRounds = max(0, l.VerifiedRounds-rounds)
	s.put(f)
	s.put(l)
	return nil
}

// FirearmUnloaded records a firearm emptied: of the rounds it held, Fired
// were fired in takes and the rest went back to their lot.
type FirearmUnloaded struct {
	FirearmID string `json:"firearm_id"`
	LotID     string `json:"lot_id"`
	Rounds    int64  `json:"rounds"`
	Fired     int64  `json:"fired"`
}

// EventType implements Body.
func (*FirearmUnloaded) EventType() string { return "firearm.unloaded" }

func (b *FirearmUnloaded) apply(s *State, e Event) error {
	f, l := edit(s.Firearm(b.FirearmID)), edit(s.AmmoLot(b.LotID))
	if f == nil || l == nil || f.LoadedRounds < b.Rounds || l.Loaded < b.Rounds || b.Fired < 0 || b.Fired > b.Rounds {
		return fmt.Errorf("cannot unload %d rounds of lot %s from firearm %s", b.Rounds, b.LotID, b.FirearmID)
	}
	f.LoadedRounds, f.LastSeq = f.LoadedRounds-b.Rounds, e.Seq
	if f.LoadedRounds == 0 {
		f.LoadedLot = ""
	}
	l.InStock, l.Loaded, l.Fired, l.LastSeq = l.InStock+b.Rounds-b.Fired, l.Loaded-b.Rounds, l.Fired+b.Fired, e.Seq
	if l.Verified && !l.Quarantined {
		// The rounds not fired were checked before they were loaded, and
		// come back to the box in the armorer's hands.
		l.VerifiedRounds = min(l.InStock, l.VerifiedRounds+b.Rounds-b.Fired)
	}
	s.put(f)
	s.put(l)
	return nil
}

func (b *FirearmUnloaded) refers() References {
	return References{Firearms: []string{b.FirearmID}, Lots: []string{b.LotID}}
}

// FirearmShownClear records a firearm shown clear, every chamber or not,
// to the people who confirmed seeing it.
type FirearmShownClear struct {
	FirearmID   string   `json:"firearm_id"`
	AllChambers bool     `json:"all_chambers"`
	Witnesses   []string `json:"witnesses"`
}

// EventType implements Body.
func (*FirearmShownClear) EventType() string { return "firearm.shown_clear" }

func (b *FirearmShownClear) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", b.FirearmID)
	}
	f.ShownClearAt, f.ShownClearAll, f.ShownClearWitnesses, f.LastSeq = e.Time, b.AllChambers, strings.Join(b.Witnesses, " "), e.Seq
	s.put(f)
	return nil
}

func (b *FirearmShownClear) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.Witnesses...)}
}

// FirearmInspected records the armorer's inspection of a firearm: its bore,
// whether it works as it should, and the condition it is in. A fault found
// takes the firearm out of service in the same entry's outcome (FA-7).
type FirearmInspected struct {
	FirearmID string `json:"firearm_id"`
	By        string `json:"by"`
	// BoreClear is whether the bore was seen clear of any obstruction.
	BoreClear bool `json:"bore_clear"`
	// Functions is whether the action, trigger and safety work as they
	// should.
	Functions bool   `json:"functions"`
	Condition string `json:"condition"`
	Note      string `json:"note,omitempty"`
}

// EventType implements Body.
func (*FirearmInspected) EventType() string { return "firearm.inspected" }

func (b *FirearmInspected) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", b.FirearmID)
	}
	f.Condition, f.InspectedAt, f.InspectedBy, f.InspectedClear, f.LastSeq = b.Condition, e.Time, b.By, b.Serviceable(), e.Seq
	s.put(f)
	return nil
}

func (b *FirearmInspected) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.By)}
}

// Serviceable is whether the inspection found nothing wrong.
func (b *FirearmInspected) Serviceable() bool { return b.BoreClear && b.Functions }

// FirearmOutOfService records the armorer taking a firearm out of service:
// a suspected obstruction, a fault found at inspection (FA-7).
type FirearmOutOfService struct {
	FirearmID string `json:"firearm_id"`
	Reason    string `json:"reason"`
}

// EventType implements Body.
func (*FirearmOutOfService) EventType() string { return "firearm.out_of_service" }

func (b *FirearmOutOfService) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", b.FirearmID)
	}
	f.goesOutOfService(e)
	s.put(f)
	return nil
}

// goesOutOfService marks a firearm out of service from an entry on: no
// inspection before it clears it (FA-7).
func (f *Firearm) goesOutOfService(e Event) {
	f.OutOfService, f.OutOfServiceSince, f.InspectedClear, f.LastSeq = true, e.Time, false, e.Seq
}

func (b *FirearmOutOfService) refers() References {
	return References{Firearms: []string{b.FirearmID}}
}

// FirearmReturnedToOwner records a firearm leaving the production, back to
// the rental house or the armorer's kit it came from.
type FirearmReturnedToOwner struct {
	FirearmID string `json:"firearm_id"`
	Owner     string `json:"owner"`
	Note      string `json:"note"`
}

// EventType implements Body.
func (*FirearmReturnedToOwner) EventType() string { return "firearm.returned_to_owner" }

func (b *FirearmReturnedToOwner) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil || f.Store == "" || f.LoadedRounds > 0 {
		return fmt.Errorf("firearm %s cannot go back to its owner", b.FirearmID)
	}
	f.Returned, f.Store, f.CustodySince, f.LastSeq = true, "returned to "+b.Owner, e.Time, e.Seq
	s.put(f)
	return nil
}

func (b *FirearmReturnedToOwner) refers() References {
	return References{Firearms: []string{b.FirearmID}}
}

// DischargeReported records a misfire, discharge or malfunction, of one
// of [DischargeKinds]: the firearm goes out of service (FA-7) and the
// discharge is an incident to investigate (WS-1). This is body version 2,
// which says when it happened; version 1 is [DischargeReportedV1].
type DischargeReported struct {
	ID          string `json:"id"`
	FirearmID   string `json:"firearm_id"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	ReportedBy  string `json:"reported_by"`
	// OccurredAt is when it happened, as the reporter says; zero when they
	// did not say, and then it happened when it was reported.
	OccurredAt time.Time `json:"occurred_at,omitzero"`
	// LotID is the lot whose rounds fired when they should not have, as
	// when dummies fired; "" when the report names none.
	LotID string `json:"lot_id,omitempty"`
}

// EventType implements Body.
func (*DischargeReported) EventType() string { return "firearm.discharge_reported" }

func (b *DischargeReported) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil || lookup[*Discharge](s, tableDischarges, b.ID) != nil {
		return fmt.Errorf("discharge %s of firearm %s cannot be recorded", b.ID, b.FirearmID)
	}
	s.put(&Discharge{ID: b.ID, FirearmID: f.ID, Kind: b.Kind, Description: b.Description, ReportedBy: b.ReportedBy, At: e.Time,
		OccurredAt: occurred(b.OccurredAt, e.Time), LastSeq: e.Seq})
	f.goesOutOfService(e)
	s.put(f)
	return nil
}

func (b *DischargeReported) refers() References {
	r := References{Firearms: []string{b.FirearmID}, People: named(b.ReportedBy)}
	if b.LotID != "" {
		r.Lots = []string{b.LotID}
	}
	return r
}

// DischargeReportedV1 is body version 1 of firearm.discharge_reported,
// written before a report said when it happened: it happened when it was
// reported. Old ledgers hold it; nothing writes it any more.
type DischargeReportedV1 struct {
	ID          string `json:"id"`
	FirearmID   string `json:"firearm_id"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	ReportedBy  string `json:"reported_by"`
}

// EventType implements Body.
func (*DischargeReportedV1) EventType() string { return "firearm.discharge_reported" }

func (*DischargeReportedV1) bodyVersion() int { return 1 }

func (b *DischargeReportedV1) apply(s *State, e Event) error {
	return (&DischargeReported{ID: b.ID, FirearmID: b.FirearmID, Kind: b.Kind, Description: b.Description, ReportedBy: b.ReportedBy}).apply(s, e)
}

func (b *DischargeReportedV1) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.ReportedBy)}
}

// FirearmReturnedToService records the armorer clearing a firearm after
// inspecting its bore.
type FirearmReturnedToService struct {
	FirearmID string `json:"firearm_id"`
	BoreClear bool   `json:"bore_clear"`
}

// EventType implements Body.
func (*FirearmReturnedToService) EventType() string { return "firearm.returned_to_service" }

func (b *FirearmReturnedToService) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", b.FirearmID)
	}
	f.OutOfService, f.LastSeq = false, e.Seq
	s.put(f)
	return nil
}

func (b *FirearmReturnedToService) refers() References {
	return References{Firearms: []string{b.FirearmID}}
}

// moveFirearm puts a firearm in a person's custody or in a store.
func (s *State) moveFirearm(e Event, id, person, store string) error {
	f := edit(s.Firearm(id))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", id)
	}
	if person != "" && s.Person(person) == nil {
		return fmt.Errorf("person %s does not exist", person)
	}
	if (person == "") == (store == "") {
		return fmt.Errorf("firearm %s must go to a person or a store", id)
	}
	f.Custodian, f.Store, f.CustodySince, f.LastSeq = person, store, e.Time, e.Seq
	s.put(f)
	return nil
}

package setsafe

import (
	"fmt"
	"strings"
	"time"
)

func init() {
	register[SafetyProfileSet](1, "Safety rules set")
	register[ComplianceContactNamed](1, "Safety contact named")
	register[TrainingRecorded](1, "Training recorded")
	register[PermitRecorded](1, "Permit recorded")
	register[MeetingHeld](1, "Safety meeting held")
	register[MeetingAttended](1, "Attended the safety meeting")
	register[FirearmReceived](1, "Firearm received")
	register[AmmoLotReceived](1, "Ammunition lot received")
	register[AmmoLotVerifiedInert](1, "Dummy lot checked inert")
	register[FirearmUnsecured](1, "Taken out of its store")
	register[FirearmSecured](1, "Locked in a store")
	register[FirearmHandedOver](1, "Handed over")
	register[FirearmLoaded](1, "Loaded")
	register[FirearmUnloaded](1, "Unloaded")
	register[FirearmShownClear](1, "Shown clear")
	register[ActionRefused](1, "Refused by the gate")
}

// SafetyProfileSet records the production's jurisdiction profile and its
// choices on top of it: rules switched off and parameters (0 keeps the
// profile's).
type SafetyProfileSet struct {
	Profile            string   `json:"profile"`
	RulesOff           []string `json:"rules_off"`
	ShowClearMinutes   int64    `json:"show_clear_minutes"`
	FirearmsPerArmorer int64    `json:"firearms_per_armorer"`
	MisfireThreshold   int64    `json:"misfire_threshold"`
	MisfireWindowDays  int64    `json:"misfire_window_days"`
	TrainingDays       int64    `json:"training_validity_days"`
	OutLimitMinutes    int64    `json:"out_limit_minutes"`
	ConcernsStopAll    bool     `json:"concerns_stop_all,omitempty"`
}

func (b *SafetyProfileSet) apply(s *State, e Event) error {
	st := s.safetySettings(e)
	st.Profile, st.RulesOff = b.Profile, strings.Join(b.RulesOff, " ")
	st.ShowClearMinutes, st.PerArmorer, st.MisfireThreshold = b.ShowClearMinutes, b.FirearmsPerArmorer, b.MisfireThreshold
	st.MisfireWindowDays, st.TrainingDays, st.OutLimitMinutes = b.MisfireWindowDays, b.TrainingDays, b.OutLimitMinutes
	st.ConcernsStopAll = b.ConcernsStopAll
	s.put(st)
	return nil
}

func (*SafetyProfileSet) refers() References { return References{} }

// ComplianceContactNamed records who the production's safety compliance
// contact is.
type ComplianceContactNamed struct {
	PersonID string `json:"person_id"`
}

func (b *ComplianceContactNamed) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	st := s.safetySettings(e)
	st.ComplianceContact = b.PersonID
	s.put(st)
	return nil
}

func (b *ComplianceContactNamed) refers() References {
	return References{People: named(b.PersonID)}
}

// TrainingRecorded records a course a person completed. Dates are days,
// YYYY-MM-DD; an empty expiry means the course has none of its own.
type TrainingRecorded struct {
	ID        string `json:"id"`
	PersonID  string `json:"person_id"`
	Course    string `json:"course"`
	Provider  string `json:"provider"`
	Firearms  bool   `json:"firearms"`
	Hours     int64  `json:"hours"`
	Completed string `json:"completed"`
	Expires   string `json:"expires"`
}

func (b *TrainingRecorded) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	completed, err := parseDay(b.Completed)
	if err != nil {
		return err
	}
	expires, err := parseDay(b.Expires)
	if err != nil {
		return err
	}
	s.put(&Training{ID: b.ID, PersonID: b.PersonID, Course: b.Course, Provider: b.Provider, Firearms: b.Firearms,
		Hours: b.Hours, Completed: completed, Expires: expires, LastSeq: e.Seq})
	return nil
}

func (b *TrainingRecorded) refers() References {
	return References{People: named(b.PersonID)}
}

// PermitRecorded records an armorer's permit or licence.
type PermitRecorded struct {
	ID       string `json:"id"`
	PersonID string `json:"person_id"`
	Kind     string `json:"kind"`
	Number   string `json:"number"`
	Issuer   string `json:"issuer"`
	Expires  string `json:"expires"`
}

func (b *PermitRecorded) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	expires, err := parseDay(b.Expires)
	if err != nil {
		return err
	}
	s.put(&Permit{ID: b.ID, PersonID: b.PersonID, Kind: b.Kind, Number: b.Number, Issuer: b.Issuer, Expires: expires, LastSeq: e.Seq})
	return nil
}

func (b *PermitRecorded) refers() References {
	return References{People: named(b.PersonID)}
}

// MeetingHeld records a safety meeting: the day it was for, who led it,
// the topics covered and whether it included a walk-through.
type MeetingHeld struct {
	ID          string   `json:"id"`
	Day         string   `json:"day"`
	LedBy       string   `json:"led_by"`
	Topics      []string `json:"topics"`
	Hazards     []string `json:"hazards"`
	WalkThrough bool     `json:"walk_through"`
}

func (b *MeetingHeld) apply(s *State, e Event) error {
	if s.SafetyMeeting(b.ID) != nil {
		return fmt.Errorf("meeting %s exists already", b.ID)
	}
	s.put(&SafetyMeeting{ID: b.ID, Day: b.Day, LedBy: b.LedBy, Topics: strings.Join(b.Topics, "\n"), Hazards: strings.Join(b.Hazards, " "), WalkThrough: b.WalkThrough, HeldAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *MeetingHeld) refers() References {
	return References{People: named(b.LedBy)}
}

// MeetingAttended records that a person confirmed attending a meeting,
// with their PIN or their own session.
type MeetingAttended struct {
	MeetingID   string `json:"meeting_id"`
	PersonID    string `json:"person_id"`
	ConfirmedBy string `json:"confirmed_by"`
}

func (b *MeetingAttended) apply(s *State, e Event) error {
	if s.SafetyMeeting(b.MeetingID) == nil || s.Person(b.PersonID) == nil {
		return fmt.Errorf("meeting %s or person %s does not exist", b.MeetingID, b.PersonID)
	}
	s.put(&Attendance{MeetingID: b.MeetingID, PersonID: b.PersonID, ConfirmedBy: b.ConfirmedBy, ConfirmedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *MeetingAttended) refers() References {
	return References{People: named(b.PersonID)}
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

// AmmoLotReceived records a lot of rounds entering the production.
type AmmoLotReceived struct {
	ID           string `json:"id"`
	Label        string `json:"label"`
	Kind         string `json:"kind"`
	LoadStrength string `json:"load_strength"`
	Calibre      string `json:"calibre"`
	Source       string `json:"source"`
	Headstamp    string `json:"headstamp"`
	Count        int64  `json:"count"`
}

func (b *AmmoLotReceived) apply(s *State, e Event) error {
	if s.AmmoLot(b.ID) != nil {
		return fmt.Errorf("lot %s exists already", b.ID)
	}
	s.put(&AmmoLot{ID: b.ID, Label: b.Label, Kind: b.Kind, LoadStrength: b.LoadStrength, Calibre: b.Calibre, Source: b.Source,
		Headstamp: b.Headstamp, Received: b.Count, InStock: b.Count, ReceivedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *AmmoLotReceived) refers() References {
	return References{Lots: []string{b.ID}}
}

// AmmoLotVerifiedInert records that a dummy lot's rounds were checked
// inert, how, and how many.
type AmmoLotVerifiedInert struct {
	LotID   string `json:"lot_id"`
	Method  string `json:"method"`
	Checked int64  `json:"checked"`
	By      string `json:"by"`
}

func (b *AmmoLotVerifiedInert) apply(s *State, e Event) error {
	l := edit(s.AmmoLot(b.LotID))
	if l == nil {
		return fmt.Errorf("lot %s does not exist", b.LotID)
	}
	l.Verified, l.VerifiedBy, l.VerifiedMethod, l.LastSeq = true, b.By, b.Method, e.Seq
	s.put(l)
	return nil
}

func (b *AmmoLotVerifiedInert) refers() References {
	return References{Lots: []string{b.LotID}, People: named(b.By)}
}

// FirearmUnsecured records a firearm taken out of its store into a
// person's custody.
type FirearmUnsecured struct {
	FirearmID string `json:"firearm_id"`
	PersonID  string `json:"person_id"`
}

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

func (b *FirearmSecured) apply(s *State, e Event) error {
	return s.moveFirearm(e, b.FirearmID, "", b.Store)
}

func (b *FirearmSecured) refers() References {
	return References{Firearms: []string{b.FirearmID}}
}

// FirearmHandedOver records a firearm passing from one person to another,
// confirmed by both: one in their session, the other (the receiver, or the
// giver when the receiver acted) as ConfirmedBy says.
type FirearmHandedOver struct {
	FirearmID   string `json:"firearm_id"`
	From        string `json:"from"`
	To          string `json:"to"`
	ConfirmedBy string `json:"confirmed_by"`
	SetUp       string `json:"setup"`
}

func (b *FirearmHandedOver) apply(s *State, e Event) error {
	return s.moveFirearm(e, b.FirearmID, b.To, "")
}

func (b *FirearmHandedOver) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.From, b.To), SetUp: b.SetUp}
}

// FirearmLoaded records rounds from a lot loaded into a firearm.
type FirearmLoaded struct {
	FirearmID string `json:"firearm_id"`
	LotID     string `json:"lot_id"`
	Rounds    int64  `json:"rounds"`
}

func (b *FirearmLoaded) apply(s *State, e Event) error {
	f, l := edit(s.Firearm(b.FirearmID)), edit(s.AmmoLot(b.LotID))
	if f == nil || l == nil || l.InStock < b.Rounds {
		return fmt.Errorf("cannot load %d rounds of lot %s into firearm %s", b.Rounds, b.LotID, b.FirearmID)
	}
	f.LoadedLot, f.LoadedRounds, f.LastSeq = b.LotID, f.LoadedRounds+b.Rounds, e.Seq
	l.InStock, l.Loaded, l.LastSeq = l.InStock-b.Rounds, l.Loaded+b.Rounds, e.Seq
	s.put(f)
	s.put(l)
	return nil
}

func (b *FirearmLoaded) refers() References {
	return References{Firearms: []string{b.FirearmID}, Lots: []string{b.LotID}}
}

// FirearmUnloaded records a firearm emptied: of the rounds it held, Fired
// were fired in takes and the rest went back to their lot.
type FirearmUnloaded struct {
	FirearmID string `json:"firearm_id"`
	LotID     string `json:"lot_id"`
	Rounds    int64  `json:"rounds"`
	Fired     int64  `json:"fired"`
}

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

// ActionRefused records an action the safety gate refused, and why. The
// action itself changed nothing.
type ActionRefused struct {
	Action    string        `json:"action"`
	FirearmID string        `json:"firearm_id,omitempty"`
	LotID     string        `json:"lot_id,omitempty"`
	From      string        `json:"from,omitempty"`
	To        string        `json:"to,omitempty"`
	Rules     []RuleFinding `json:"rules"`
}

func (b *ActionRefused) apply(s *State, e Event) error {
	// A refusal changes nothing but the record.
	return nil
}

func (b *ActionRefused) refers() References {
	r := References{People: named(b.From, b.To)}
	if b.FirearmID != "" {
		r.Firearms = []string{b.FirearmID}
	}
	if b.LotID != "" {
		r.Lots = []string{b.LotID}
	}
	return r
}

// EventType implementations.
func (*SafetyProfileSet) EventType() string       { return "safety.profile_set" }
func (*ComplianceContactNamed) EventType() string { return "safety.compliance_contact_named" }
func (*TrainingRecorded) EventType() string       { return "training.recorded" }
func (*PermitRecorded) EventType() string         { return "permit.recorded" }
func (*MeetingHeld) EventType() string            { return "meeting.held" }
func (*MeetingAttended) EventType() string        { return "meeting.attended" }
func (*FirearmReceived) EventType() string        { return "firearm.received" }
func (*AmmoLotReceived) EventType() string        { return "ammo_lot.received" }
func (*AmmoLotVerifiedInert) EventType() string   { return "ammo_lot.verified_inert" }
func (*FirearmUnsecured) EventType() string       { return "firearm.unsecured" }
func (*FirearmSecured) EventType() string         { return "firearm.secured" }
func (*FirearmHandedOver) EventType() string      { return "firearm.handed_over" }
func (*FirearmLoaded) EventType() string          { return "firearm.loaded" }
func (*FirearmUnloaded) EventType() string        { return "firearm.unloaded" }
func (*FirearmShownClear) EventType() string      { return "firearm.shown_clear" }
func (*ActionRefused) EventType() string          { return "action.refused" }

// parseDay reads a YYYY-MM-DD day as midnight UTC; "" is the zero time.
func parseDay(day string) (time.Time, error) {
	if day == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, day)
}

func (s *State) safetySettings(e Event) *SafetySettings {
	st := edit(s.SafetySettings())
	if st == nil {
		st = &SafetySettings{ID: s.Ledger}
	}
	st.LastSeq = e.Seq
	return st
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

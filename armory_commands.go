package setsafe

import (
	"fmt"
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

// FirearmKinds are the kinds of firearm a production may hold.
var FirearmKinds = []string{"blank_firing", "non_firing_replica", "rubber", "airsoft", "modified_no_live", "inert"}

// LotKinds are the kinds of rounds; "live" exists only to be refused.
var LotKinds = []string{string(gate.LotBlank), string(gate.LotDummy), string(gate.LotLive)}

// InertMethods are the ways a dummy round is checked inert.
var InertMethods = []string{"rattle", "drilled_case", "no_primer"}

func checkID(p Problems, field, id string) {
	if !ValidID(id) {
		p.Add(field, "is not a valid identifier")
	}
}

func oneOf(p Problems, field, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		p.Add(field, "must be one of %s", strings.Join(allowed, ", "))
	}
}

// ReceiveFirearm receives a firearm into the production, from a rental
// house or the armorer's kit, into a locked store. Only an armorer on duty
// may (FA-11).
type ReceiveFirearm struct {
	ID           string
	Make         string
	Model        string
	Serial       string
	Kind         string
	Calibre      string
	Chambers     int64
	Owner        string
	OwnerLicence string
	Condition    string
	Store        string
	By           string
	// ConfirmSameSerial receives it although the production holds a
	// firearm of the same make and serial: another with the same serial.
	ConfirmSameSerial bool
}

// Authorize implements Command: anyone who takes part in the production
// may try; the gate decides.
func (c ReceiveFirearm) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c ReceiveFirearm) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	b := &FirearmReceived{ID: c.ID,
		Make:         cleanText(p, "make", c.Make, MaxShortText, true),
		Model:        cleanText(p, "model", c.Model, MaxShortText, true),
		Serial:       cleanText(p, "serial", c.Serial, MaxShortText, true),
		Kind:         c.Kind,
		Calibre:      cleanText(p, "calibre", c.Calibre, MaxShortText, true),
		Chambers:     c.Chambers,
		Owner:        cleanText(p, "owner", c.Owner, MaxShortText, true),
		OwnerLicence: cleanText(p, "owner_licence", c.OwnerLicence, MaxShortText, false),
		Condition:    cleanText(p, "condition", c.Condition, MaxReasonLength, false),
		Store:        cleanText(p, "store", c.Store, MaxShortText, true),
	}
	oneOf(p, "kind", c.Kind, FirearmKinds)
	if c.Chambers < 1 || c.Chambers > 100 {
		p.Add("chambers", "must be between 1 and 100")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.Firearm(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Firearm %s exists already.", c.ID)
	}
	if err := checkSameSerial(s, b.Make, b.Serial, c.ConfirmSameSerial); err != nil {
		return Outcome{}, err
	}
	return gated(s, d, gate.Action{Kind: gate.ReceiveFirearm, From: by, NewFirearm: &gate.Firearm{Name: "the " + b.Make + " " + b.Model}}, Draft{Body: b})
}

// ReceiveAmmoLot receives a lot of rounds into the production. A live lot
// is refused (AM-1); every lot is recorded with source, headstamp, calibre
// and count (AM-4).
type ReceiveAmmoLot struct {
	ID           string
	Label        string
	Kind         string
	LoadStrength string
	Calibre      string
	Source       string
	Headstamp    string
	Count        int64
	By           string
}

// Authorize implements Command: anyone who takes part in the production
// may try; the gate decides.
func (c ReceiveAmmoLot) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c ReceiveAmmoLot) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	b := &AmmoLotReceived{ID: c.ID,
		Label:        cleanText(p, "label", c.Label, MaxShortText, true),
		Kind:         c.Kind,
		LoadStrength: cleanText(p, "load_strength", c.LoadStrength, MaxShortText, false),
		Calibre:      cleanText(p, "calibre", c.Calibre, MaxShortText, false),
		Source:       cleanText(p, "source", c.Source, MaxShortText, false),
		Headstamp:    cleanText(p, "headstamp", c.Headstamp, MaxShortText, false),
		Count:        c.Count,
	}
	oneOf(p, "kind", c.Kind, LotKinds)
	if c.Count < 1 || c.Count > 1_000_000 {
		p.Add("count", "must be between 1 and 1000000")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.AmmoLot(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Lot %s exists already.", c.ID)
	}
	lot := &gate.Lot{Label: b.Label, Kind: gate.LotKind(b.Kind), Calibre: b.Calibre, Source: b.Source, Headstamp: b.Headstamp, Count: int(b.Count)}
	return gated(s, d, gate.Action{Kind: gate.ReceiveLot, From: by, NewLot: lot}, Draft{Body: b})
}

// VerifyInert records that a dummy lot's rounds were checked inert (AM-3).
type VerifyInert struct {
	LotID   string
	Method  string
	Checked int64
	By      string
}

// Authorize implements Command.
func (c VerifyInert) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c VerifyInert) Decide(s *State, d Decision) (Outcome, error) {
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	l := s.AmmoLot(c.LotID)
	if l == nil {
		return Outcome{}, Errorf(ENotFound, "There is no ammunition lot %s.", c.LotID)
	}
	p := Problems{}
	oneOf(p, "method", c.Method, InertMethods)
	if c.Checked < 1 || c.Checked > l.InStock {
		p.Add("checked", "must be between 1 and the %d rounds in stock", l.InStock)
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if l.Kind != string(gate.LotDummy) {
		return Outcome{}, Errorf(EConflict, "Lot %s holds %s rounds; only dummies are verified inert.", l.Label, l.Kind)
	}
	return one(&AmmoLotVerifiedInert{LotID: l.ID, Method: c.Method, Checked: c.Checked, By: by}), nil
}

// existingFirearm returns a firearm of the production's armory: one that
// went back to its owner takes part in nothing more.
func existingFirearm(s *State, id string) (*Firearm, error) {
	f := s.Firearm(id)
	if f == nil {
		return nil, Errorf(ENotFound, "There is no firearm %s in this production.", id)
	}
	if f.Returned {
		return nil, Errorf(EConflict, "%s went back to its owner; it is no longer in the armory.", f.Name())
	}
	return f, nil
}

// actorAndFirearm returns the person acting and the firearm they act on.
func actorAndFirearm(s *State, d Decision, by, firearmID string) (string, *Firearm, error) {
	person, err := actingPerson(s, d, by)
	if err != nil {
		return "", nil, err
	}
	f, err := existingFirearm(s, firearmID)
	return person, f, err
}

// UnsecureFirearm takes a firearm out of its store into the armorer's
// custody.
type UnsecureFirearm struct {
	FirearmID string
	By        string
}

// Authorize implements Command: anyone who takes part in the production
// may try; the gate decides.
func (c UnsecureFirearm) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c UnsecureFirearm) Decide(s *State, d Decision) (Outcome, error) {
	a, err := c.GateAction(s, d)
	if err != nil {
		return Outcome{}, err
	}
	return gated(s, d, a, Draft{Body: &FirearmUnsecured{FirearmID: a.Firearm, PersonID: a.From}})
}

// GateAction implements Gated.
func (c UnsecureFirearm) GateAction(s *State, d Decision) (gate.Action, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return gate.Action{}, err
	}
	return gate.Action{Kind: gate.Unsecure, Firearm: f.ID, From: by}, nil
}

// SecureFirearm locks a firearm the armorer holds in a store. Securing
// makes things safer, so no rule stands in its way.
type SecureFirearm struct {
	FirearmID string
	Store     string
	By        string
}

// Authorize implements Command.
func (c SecureFirearm) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c SecureFirearm) Decide(s *State, d Decision) (Outcome, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	store := cleanText(p, "store", c.Store, MaxShortText, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if f.Custodian != by {
		return Outcome{}, Errorf(EConflict, "%s is not in your hands; whoever holds it gives it back to you first.", f.Name())
	}
	return one(&FirearmSecured{FirearmID: f.ID, Store: store}), nil
}

// HandOver passes a firearm from one person to another, each confirming:
// the person acting in their session, the other with their PIN (checked by
// the caller). Usually the person acting gives and To receives; when From
// is set, the person acting receives from From, as when the armorer takes
// a revolver back on her own tablet. From the armorer to a performer it is
// an issue, checked against every rule; back to the armorer, a return.
type HandOver struct {
	FirearmID string
	To        string
	From      string
	// SetUpID is the set-up the firearm is issued for, if any.
	SetUpID string
	// ConfirmedBy is how the receiver confirmed: "pin" (checked by the
	// caller) or "session" when the receiver acts in their own session.
	ConfirmedBy string
	By          string
}

// Authorize implements Command: anyone who takes part in the production
// may try; the gate decides, and records a refusal.
func (c HandOver) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Confirmer returns the person whose PIN confirms the hand-over when a
// sends it: the receiver, when the sender gives a firearm they hold; the
// holder, when an armorer takes it back from them. It returns "" when the
// sender takes no part in the hand-over as it stands: then nobody's PIN
// attempts are spent on it, and it goes to the gate unconfirmed
// (ConfirmedByNobody), to be refused and recorded.
func (c HandOver) Confirmer(a Access, s *State) string {
	f := s.Firearm(c.FirearmID)
	switch {
	case f == nil || f.Custodian == "":
		return ""
	case c.From != "" && a.Can(PermArmory) && f.Custodian == c.From:
		return c.From
	case c.From == "" && c.To != "" && a.PersonID != "" && f.Custodian == a.PersonID:
		return c.To
	}
	return ""
}

// Decide implements Command.
func (c HandOver) Decide(s *State, d Decision) (Outcome, error) {
	a, err := c.GateAction(s, d)
	if err != nil {
		return Outcome{}, err
	}
	if c.ConfirmedBy == ConfirmedByNobody {
		// An attempt the other person did not confirm: recorded if a rule
		// refuses it, and never carried out.
		v, err := s.Verdict(d.Now, a)
		if err != nil || !v.Go {
			return refusedOrErr(a, v, err)
		}
		other := a.To
		if c.From != "" {
			other = a.From
		}
		return Outcome{}, Errorf(EUnauthorized, "%s must confirm the hand-over with their PIN.", personName(s, other))
	}
	b := &FirearmHandedOver{FirearmID: a.Firearm, From: a.From, To: a.To, ConfirmedBy: c.ConfirmedBy, SetUp: c.SetUpID}
	return gated(s, d, a, Draft{Body: b})
}

// GateAction implements Gated.
func (c HandOver) GateAction(s *State, d Decision) (gate.Action, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return gate.Action{}, err
	}
	p := Problems{}
	oneOf(p, "confirmed_by", c.ConfirmedBy, []string{"pin", "session", ConfirmedByNobody})
	giver, receiver := by, c.To
	switch {
	case c.From != "" && c.To != "" && c.To != by:
		p.Add("to", "must be left out when you receive from someone")
	case c.From != "":
		giver, receiver = c.From, by
	}
	if giver == receiver {
		p.Add("to", "must be someone other than the giver")
	}
	if err := p.Err(); err != nil {
		return gate.Action{}, err
	}
	a := gate.Action{Kind: gate.Handover, Firearm: f.ID, From: giver, To: receiver}
	if c.SetUpID != "" {
		u := s.SetUp(c.SetUpID)
		if u == nil {
			return gate.Action{}, &Error{Code: EInvalid, Message: "Unknown set-up.", Fields: map[string]string{"setup_id": "must name a set-up of this production"}}
		}
		a.SetUp = u.gate()
	}
	return a, nil
}

// LoadFirearm loads rounds from a lot into a firearm the armorer holds.
type LoadFirearm struct {
	FirearmID string
	LotID     string
	Rounds    int64
	By        string
}

// Authorize implements Command: anyone who takes part in the production
// may try; the gate decides.
func (c LoadFirearm) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c LoadFirearm) Decide(s *State, d Decision) (Outcome, error) {
	a, err := c.GateAction(s, d)
	if err != nil {
		return Outcome{}, err
	}
	return gated(s, d, a, Draft{Body: &FirearmLoaded{FirearmID: c.FirearmID, LotID: c.LotID, Rounds: c.Rounds}})
}

// GateAction implements Gated.
func (c LoadFirearm) GateAction(s *State, d Decision) (gate.Action, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return gate.Action{}, err
	}
	if c.Rounds < 1 || c.Rounds > f.Chambers-f.LoadedRounds {
		return gate.Action{}, &Error{Code: EInvalid, Message: "That many rounds do not fit.",
			Fields: map[string]string{"rounds": "must be between 1 and the free chambers"}}
	}
	if f.LoadedRounds > 0 && f.LoadedLot != c.LotID {
		return gate.Action{}, Errorf(EConflict, "%s holds rounds of another lot; unload it first.", f.Name())
	}
	return gate.Action{Kind: gate.Load, Firearm: f.ID, Lot: c.LotID, Rounds: int(c.Rounds), From: by}, nil
}

// UnloadFirearm empties a firearm the armorer holds: Fired of its rounds
// were fired in takes, the rest go back to their lot.
type UnloadFirearm struct {
	FirearmID string
	Fired     int64
	By        string
}

// Authorize implements Command.
func (c UnloadFirearm) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c UnloadFirearm) Decide(s *State, d Decision) (Outcome, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	if f.Custodian != by {
		return Outcome{}, Errorf(EConflict, "%s is not in your hands.", f.Name())
	}
	if c.Fired < 0 || c.Fired > f.LoadedRounds {
		return Outcome{}, &Error{Code: EInvalid, Message: "More rounds fired than were loaded.",
			Fields: map[string]string{"fired": fmt.Sprintf("must be between 0 and the %d rounds loaded", f.LoadedRounds)}}
	}
	if f.LoadedRounds == 0 {
		return Outcome{}, nil
	}
	return one(&FirearmUnloaded{FirearmID: f.ID, LotID: f.LoadedLot, Rounds: f.LoadedRounds, Fired: c.Fired}), nil
}

// ShowClear records the armorer showing a firearm clear to witnesses, who
// each confirmed seeing it (with their PIN, checked by the caller).
type ShowClear struct {
	FirearmID   string
	AllChambers bool
	Witnesses   []string
	By          string
}

// Authorize implements Command.
func (c ShowClear) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ShowClear) Decide(s *State, d Decision) (Outcome, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	if f.Custodian != by {
		return Outcome{}, Errorf(EConflict, "%s is not in your hands; only who holds it can show it clear.", f.Name())
	}
	var witnesses []string
	for _, w := range c.Witnesses {
		if _, err := activePerson(s, w); err != nil {
			return Outcome{}, err
		}
		if w != by && !slices.Contains(witnesses, w) {
			witnesses = append(witnesses, w)
		}
	}
	if len(witnesses) == 0 {
		return Outcome{}, &Error{Code: EInvalid, Message: "A show-clear needs witnesses.", Fields: map[string]string{"witnesses": "name the performer and the 1st AD"}}
	}
	slices.Sort(witnesses)
	return one(&FirearmShownClear{FirearmID: f.ID, AllChambers: c.AllChambers, Witnesses: witnesses}), nil
}

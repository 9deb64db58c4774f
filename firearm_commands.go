package setsafe

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

// FirearmKinds are the kinds of firearm a production may hold.
var FirearmKinds = []string{"blank_firing", "non_firing_replica", "rubber", "airsoft", "modified_no_live", "inert"}

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
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	b := &FirearmReceived{ID: c.ID,
		Make:         CleanText(p, "make", c.Make, MaxShortText, true),
		Model:        CleanText(p, "model", c.Model, MaxShortText, true),
		Serial:       CleanText(p, "serial", c.Serial, MaxShortText, true),
		Kind:         c.Kind,
		Calibre:      CleanText(p, "calibre", c.Calibre, MaxShortText, true),
		Chambers:     c.Chambers,
		Owner:        CleanText(p, "owner", c.Owner, MaxShortText, true),
		OwnerLicence: CleanText(p, "owner_licence", c.OwnerLicence, MaxShortText, false),
		Condition:    CleanText(p, "condition", c.Condition, MaxReasonLength, false),
		Store:        CleanText(p, "store", c.Store, MaxShortText, true),
	}
	OneOf(p, "kind", c.Kind, FirearmKinds)
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
	person, err := ActingPerson(s, d, by)
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
	store := CleanText(p, "store", c.Store, MaxShortText, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if f.Custodian != by {
		return Outcome{}, Errorf(EConflict, "%s is not in your hands; whoever holds it gives it back to you first.", f.Name())
	}
	return one(&FirearmSecured{FirearmID: f.ID, Store: store}), nil
}

// HandOver passes a firearm from one person to another, each confirming
// with their own PIN on the device it happens on (FA-3): the person acting
// in their session confirms nothing by being signed in, since whoever holds
// a signed-in tablet could act in its owner's name. Usually the person
// acting gives and To receives; when From is set, the person acting
// receives from From, as when the armorer takes a revolver back on her own
// tablet. From the armorer to a performer it is an issue, checked against
// every rule; back to the armorer, a return.
type HandOver struct {
	FirearmID string
	To        string
	From      string
	// SetUpID is the set-up the firearm is issued for, if any.
	SetUpID string
	// ConfirmedWithPIN are the people whose own PIN the caller checked
	// (see [HandOver.Confirmers]); the gate refuses the hand-off unless
	// the giver and the receiver are both among them.
	ConfirmedWithPIN []string
	// Device names the device the PINs were typed on, as the caller knows
	// it: the web server names a signed-in browser session by a random ID
	// it gives the session at sign-in ("session:..."), and a client of the
	// API by its token ("token:..."). It says which signed-in device the
	// hand-off was confirmed on, not which piece of hardware: a device
	// signed in twice is two devices. Up to 64 letters, digits and
	// ":._-".
	Device string
	By     string
}

// MaxDevice is the longest device name a hand-off records.
const MaxDevice = 64

// checkDevice checks the name of the device PINs were typed on.
func checkDevice(p Problems, device string) {
	if device == "" || len(device) > MaxDevice || strings.Trim(device, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:._-") != "" {
		p.Add("device", "must name the device the PINs are typed on: up to 64 letters, digits and :._-")
	}
}

// Authorize implements Command: anyone who takes part in the production
// may try; the gate decides, and records a refusal.
func (c HandOver) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Confirmers returns the giver and the receiver whose own PINs confirm
// the hand-over when a sends it, as it stands: the sender and the
// receiver, when the sender gives a firearm they hold; the holder and the
// sender, when an armorer takes it back from them. It returns two empty
// names when the sender takes no part in the hand-over: then nobody's PIN
// attempts are spent on it, and it goes to the gate unconfirmed, to be
// refused and recorded.
func (c HandOver) Confirmers(a Access, s *State) (giver, receiver string) {
	f := s.Firearm(c.FirearmID)
	switch {
	case f == nil || f.Custodian == "" || a.PersonID == "":
	case c.From != "" && a.Can(PermArmory) && f.Custodian == c.From && c.From != a.PersonID:
		return c.From, a.PersonID
	case c.From == "" && c.To != "" && f.Custodian == a.PersonID && c.To != a.PersonID:
		return a.PersonID, c.To
	}
	return "", ""
}

// Confirmed returns the hand-over confirmed by the people whose PINs were
// right on device.
func (c HandOver) Confirmed(who []string, device string) PINConfirmed {
	c.ConfirmedWithPIN, c.Device = who, device
	return c
}

// Decide implements Command.
func (c HandOver) Decide(s *State, d Decision) (Outcome, error) {
	a, err := c.GateAction(s, d)
	if err != nil {
		return Outcome{}, err
	}
	// Giver first, then receiver, once each: as the gate found them.
	b := &FirearmHandedOver{FirearmID: a.Firearm, From: a.From, To: a.To, ConfirmedWithPIN: []string{a.From, a.To}, Device: c.Device, SetUp: c.SetUpID}
	return gated(s, d, a, Draft{Body: b})
}

// GateAction implements Gated.
func (c HandOver) GateAction(s *State, d Decision) (gate.Action, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return gate.Action{}, err
	}
	p := Problems{}
	checkDevice(p, c.Device)
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
	a := gate.Action{Kind: gate.Handover, Firearm: f.ID, From: giver, To: receiver, ConfirmedWithPIN: c.ConfirmedWithPIN}
	if c.SetUpID != "" {
		u := s.SetUp(c.SetUpID)
		if u == nil {
			return gate.Action{}, &Error{Code: EInvalid, Message: "Unknown set-up.", Fields: map[string]string{"setup_id": "must name a set-up of this production"}}
		}
		a.SetUp = u.gate()
	}
	return a, nil
}

// LoadFirearm loads rounds from a lot into a firearm the armorer holds,
// for a set-up: the one named, or else the one the firearm was last issued
// for (FA-8).
type LoadFirearm struct {
	FirearmID string
	LotID     string
	Rounds    int64
	SetUpID   string
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
	setUp := ""
	if a.SetUp != nil {
		setUp = a.SetUp.ID
	}
	return gated(s, d, a, Draft{Body: &FirearmLoaded{FirearmID: c.FirearmID, LotID: c.LotID, Rounds: c.Rounds, SetUp: setUp}})
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
	a := gate.Action{Kind: gate.Load, Firearm: f.ID, Lot: c.LotID, Rounds: int(c.Rounds), From: by}
	switch setUp := cmp.Or(c.SetUpID, f.SetUpID); {
	case setUp == "":
	case s.SetUp(setUp) == nil:
		return gate.Action{}, &Error{Code: EInvalid, Message: "There is no such set-up.", Fields: map[string]string{"setup_id": "must name a set-up of today"}}
	case s.SetUp(setUp).Day != s.Day(d.Now) && c.SetUpID != "":
		return gate.Action{}, &Error{Code: EInvalid, Message: "That set-up is not today's.", Fields: map[string]string{"setup_id": "must name a set-up of today"}}
	case s.SetUp(setUp).Day == s.Day(d.Now):
		a.SetUp = s.SetUp(setUp).gate()
	}
	return a, nil
}

// UnloadFirearm empties a firearm the armorer holds: Fired of its rounds
// were fired in takes, the rest go back to their lot. Blanks fired are
// what blanks are for; a dummy that fired was never inert, and the same
// outcome reports the discharge (FA-7, WS-1): the firearm goes out of
// service and the incident is opened, never a count that nobody reads.
type UnloadFirearm struct {
	FirearmID string
	Fired     int64
	// Report is the ID the discharge report takes when rounds of a dummy
	// lot were fired.
	Report string
	By     string
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
	out := one(&FirearmUnloaded{FirearmID: f.ID, LotID: f.LoadedLot, Rounds: f.LoadedRounds, Fired: c.Fired})
	l := s.AmmoLot(f.LoadedLot)
	if c.Fired == 0 || l == nil || l.Kind != string(gate.LotDummy) {
		return out, nil
	}
	p := Problems{}
	CheckID(p, "report", c.Report)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.Discharge(c.Report) != nil {
		return Outcome{}, Errorf(EConflict, "Discharge %s exists already.", c.Report)
	}
	rounds := "rounds"
	if c.Fired == 1 {
		rounds = "round"
	}
	out.Events = append(out.Events, Draft{Body: &DischargeReported{ID: c.Report, FirearmID: f.ID, Kind: DischargeUnintended, LotID: l.ID, ReportedBy: by,
		Description: fmt.Sprintf("%d %s of dummy lot %s fired, as counted at unload; a dummy round never fires", c.Fired, rounds, strings.TrimSpace(l.Label))}})
	return out, nil
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
		if _, err := ActivePerson(s, w); err != nil {
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

// InspectFirearm records the armorer's inspection of a firearm, at
// receiving and before the day's work: bore clear, working order and
// condition. The firearm must be empty and either locked in its store or
// in the inspector's hands. A fault takes it out of service until the bore
// is cleared and it is returned to service (FA-7). A firearm already out
// of service is inspected only by a qualified armorer, since only that
// inspection can clear it: the gate decides.
type InspectFirearm struct {
	FirearmID string
	BoreClear bool
	Functions bool
	Condition string
	Note      string
	By        string
}

// Authorize implements Command.
func (c InspectFirearm) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c InspectFirearm) Decide(s *State, d Decision) (Outcome, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	b := &FirearmInspected{FirearmID: f.ID, By: by, BoreClear: c.BoreClear, Functions: c.Functions,
		Condition: CleanText(p, "condition", c.Condition, MaxShortText, true),
		Note:      CleanReason(p, "note", c.Note, false)}
	if !b.Serviceable() && b.Note == "" {
		p.Add("note", "is required when a fault is found: say what is wrong")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	switch {
	case f.LoadedRounds > 0:
		return Outcome{}, Errorf(EConflict, "Unload %s before inspecting it.", f.Name())
	case f.Store == "" && f.Custodian != by:
		return Outcome{}, Errorf(EConflict, "%s is with someone else; take it back before inspecting it.", f.Name())
	}
	events := []Draft{{Body: b}}
	if !b.Serviceable() && !f.OutOfService {
		events = append(events, Draft{Body: &FirearmOutOfService{FirearmID: f.ID, Reason: faultFound(b)}})
	}
	return gated(s, d, gate.Action{Kind: gate.Inspect, Firearm: f.ID, From: by}, events...)
}

// faultFound says what an inspection found wrong, for the out-of-service
// record.
func faultFound(b *FirearmInspected) string {
	var faults []string
	if !b.BoreClear {
		faults = append(faults, "bore not clear")
	}
	if !b.Functions {
		faults = append(faults, "does not function as it should")
	}
	return "Fault found at inspection: " + strings.Join(faults, ", ") + ". " + b.Note
}

// TakeOutOfService takes a firearm out of service until the armorer
// inspects its bore and clears it (FA-7).
type TakeOutOfService struct {
	FirearmID string
	Reason    string
}

// Authorize implements Command.
func (c TakeOutOfService) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c TakeOutOfService) Decide(s *State, d Decision) (Outcome, error) {
	f, err := existingFirearm(s, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if f.OutOfService {
		return Outcome{}, nil
	}
	return one(&FirearmOutOfService{FirearmID: f.ID, Reason: reason}), nil
}

// ReturnToOwner sends a secured, empty firearm back to its owner; it leaves
// the production's armory.
type ReturnToOwner struct {
	FirearmID string
	Note      string
}

// Authorize implements Command.
func (c ReturnToOwner) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ReturnToOwner) Decide(s *State, d Decision) (Outcome, error) {
	f, err := existingFirearm(s, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	note := CleanReason(p, "note", c.Note, false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if f.Store == "" || f.LoadedRounds > 0 {
		return Outcome{}, Errorf(EConflict, "Unload %s and lock it in the store before it goes back to its owner.", f.Name())
	}
	return one(&FirearmReturnedToOwner{FirearmID: f.ID, Owner: f.Owner, Note: note}), nil
}

// Kinds of discharge and malfunction, as people on set call them. Each is
// a malfunction: the firearm goes out of service at once (FA-7) and the
// report is an incident to investigate (WS-1).
const (
	// DischargeUnintended: a load that should be inert fired, a "pop".
	DischargeUnintended = "unintended_discharge"
	// DischargeMisfire: the hammer fell or the trigger was pulled and the
	// round did not fire.
	DischargeMisfire = "misfire"
	// DischargeHangFire: the round fired late, after a pause.
	DischargeHangFire = "hang_fire"
	// DischargeSquib: a weak report, and something may be stuck in the
	// bore (an obstruction).
	DischargeSquib = "suspected_squib"
	// DischargeRecoil: it kicked harder than the load should.
	DischargeRecoil = "unexpected_recoil"
	// DischargeNegligent: it fired when nobody meant it to, by handling.
	DischargeNegligent = "negligent_discharge"
	// DischargeMalfunction: any other fault in firing: a jam, a failure
	// to cycle or to lock.
	DischargeMalfunction = "malfunction"
)

// DischargeKinds are the kinds a discharge report takes. Reports recorded
// before the list was closed may say "discharge" too.
var DischargeKinds = []string{DischargeUnintended, DischargeMisfire, DischargeHangFire, DischargeSquib, DischargeRecoil, DischargeNegligent, DischargeMalfunction}

// ReportDischarge records a misfire, unintended discharge or malfunction.
// Anyone on the production may; the firearm goes out of service at once.
type ReportDischarge struct {
	ID          string
	FirearmID   string
	Kind        string
	Description string
	// OccurredAt is when it happened, if the reporter says (see
	// [OccurredLayout]): not in the future, and not more than
	// [MaxOccurredAgo] ago.
	OccurredAt string
	By         string
}

// Authorize implements Command.
func (c ReportDischarge) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c ReportDischarge) Decide(s *State, d Decision) (Outcome, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	OneOf(p, "kind", c.Kind, DischargeKinds)
	desc := CleanReason(p, "description", c.Description, true)
	at := CheckOccurred(p, "occurred_at", c.OccurredAt, d.Now, s.location(), false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*Discharge](s, tableDischarges, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Discharge %s exists already.", c.ID)
	}
	return one(&DischargeReported{ID: c.ID, FirearmID: f.ID, Kind: c.Kind, Description: desc, ReportedBy: by, OccurredAt: at}), nil
}

// ReturnToService puts a firearm back in service (FA-7). The gate lets
// only a qualified armorer do it (on armorer duty, with a current permit),
// who saw its bore clear, after an inspection at the bench since it went
// out of service that found its bore clear and it working.
type ReturnToService struct {
	FirearmID string
	BoreClear bool
	By        string
}

// Authorize implements Command.
func (c ReturnToService) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ReturnToService) Decide(s *State, d Decision) (Outcome, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	if !f.OutOfService {
		return Outcome{}, nil
	}
	return gated(s, d, gate.Action{Kind: gate.ReturnToService, Firearm: f.ID, From: by, BoreClear: c.BoreClear},
		Draft{Body: &FirearmReturnedToService{FirearmID: f.ID, BoreClear: true}})
}

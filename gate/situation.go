package gate

import "time"

// Situation is what a production's records say when an action is proposed:
// everything the rules look at, and nothing else.
type Situation struct {
	// Now is when the action would happen.
	Now time.Time
	// Day is the production's calendar day at Now, as YYYY-MM-DD in the
	// set's time zone; safety meetings belong to a day.
	Day string
	// Zone is the set's time zone, in which reasons say times; UTC when
	// nil.
	Zone *time.Location
	// Rules are the rules in force and their parameters.
	Rules Rules
	// ComplianceContact is the person named as the production's safety
	// compliance contact, or "" (PR-5).
	ComplianceContact string

	People   map[string]*Person
	Firearms map[string]*Firearm
	Lots     map[string]*Lot

	Meetings   []Meeting
	ShowClears []ShowClear
	Discharges []Discharge
	// Reviews are the sign-offs of reviews after repeated discharges (WS-2).
	Reviews []time.Time
	// StopWorks are the stop-work calls in force (WS-4).
	StopWorks []StopWork
	// Patterns are the patterns of repeated incidents whose review is not
	// signed off yet (WS-6).
	Patterns []Pattern
	// Concerns are the critical concerns not yet resolved or rejected
	// (WS-3).
	Concerns []Concern
	// Discrepancies are end-of-day counts that did not reconcile and are not
	// resolved (FA-12).
	Discrepancies []Discrepancy
	// SetUps are the set-ups of the firearms watched, by ID, with the
	// state each is in (FA-8); only Watch reads them.
	SetUps map[string]*SetUp
	// FirearmSetUpsToday is true when a set-up planned for today brings
	// firearms: a load then says which set-up it is for (FA-8).
	FirearmSetUpsToday bool
	// Permissions are the permissions on record, granted and refused,
	// that hazards need (see PermissionKinds), in the order they were
	// recorded: of two recorded at the same time, the later in the list
	// is the later record.
	Permissions []Permission
	// Preparations are today's preparations of set-ups (see
	// PreparationKinds), in the order they were recorded.
	Preparations []Preparation
	// LiveRoundReports are reports of a live round on set that are not yet
	// cleared (AM-1).
	LiveRoundReports []time.Time
}

// Duties a person can hold on a day, as far as the rules care.
const (
	DutyArmorer          = "armorer"
	DutyAssistantArmorer = "assistant_armorer"
	DutyFirstAD          = "first_ad"
	DutyCrew             = "crew"
	DutyCast             = "cast"
	DutyInvestigator     = "investigator"
)

// Person is someone on the production.
type Person struct {
	ID   string
	Name string
	// Duties are what the person does today: production roles such as
	// "armorer", "first_ad" or "property_master".
	Duties []string
	// JobTitle is the person's job title on the crew list, as written.
	JobTitle string
	// TitleDuties are the duties JobTitle says besides armorer work,
	// as duty keys such as "props", less those the production recorded
	// the title does not mean (FA-4).
	TitleDuties []string
	Trainings   []Training
	Permits     []Permit
	// Newcomer is true for someone who joined the crew today, on a
	// production that was already at work: a replacement who has not been
	// through the production's briefings (PR-1).
	Newcomer bool
	// OffDuty is true for someone holding an armorer's role who went off
	// armorer duty: the rules do not count them as an armorer until they
	// come back on duty. Someone who never went off duty is on it while
	// they hold the role.
	OffDuty bool
	// OnSite is true for someone checked in on set today and not checked
	// out since: the hazards' people count only while they are.
	OnSite bool
}

// Training is a course a person completed.
type Training struct {
	Course string
	// Firearms is true for a course that qualifies its holder to handle
	// firearms on set.
	Firearms  bool
	Completed time.Time
	// Expires is when the course stops counting; zero means the profile's
	// training validity after Completed.
	Expires time.Time
}

// PermitArmorer is the kind of permit an armorer holds (PR-3).
const PermitArmorer = "armorer"

// Permit is a permit or licence, such as an armorer's.
type Permit struct {
	Kind    string
	Expires time.Time
}

// Firearm is a firearm the production knows of.
type Firearm struct {
	ID string
	// Name is how people on set call it, such as "the Colt revolver (SN
	// 4417)".
	Name string
	// Received is true once it entered through the armorer's receiving
	// record (FA-11).
	Received bool
	// Custodian is the person holding it, or "" when it is secured.
	Custodian string
	// Store is the locked store holding it, or "" when a person holds it.
	Store string
	// CustodySince is when it went to its custodian or store.
	CustodySince time.Time
	// OutOfService is true after a misfire, malfunction or suspected
	// obstruction, until the armorer clears it (FA-7).
	OutOfService bool
	// OutOfServiceSince is when it last went out of service; zero when the
	// record does not say.
	OutOfServiceSince time.Time
	// Inspection is its last inspection at the bench; the zero Inspection
	// when it has none.
	Inspection Inspection
	// Calibre is the calibre it is chambered for, as recorded.
	Calibre string
	// SetUp is the set-up it was last issued or loaded for, or "".
	SetUp string
	// LoadedLot is the lot its rounds were loaded from, or "" when it is
	// not loaded; the situation holds that lot too.
	LoadedLot string
	// LoadedRounds is how many rounds are in it.
	LoadedRounds int
}

// Inspection is an armorer's inspection of a firearm at the bench.
type Inspection struct {
	At time.Time
	By string
	// Clear is true when the bore was seen clear of any obstruction and
	// the firearm works as it should.
	Clear bool
}

// LotKind is the kind of rounds in an ammunition lot.
type LotKind string

// Kinds of rounds.
const (
	LotBlank LotKind = "blank"
	LotDummy LotKind = "dummy"
	LotLive  LotKind = "live"
)

// Lot is a lot of ammunition: rounds of one kind from one source.
type Lot struct {
	ID        string
	Label     string
	Kind      LotKind
	Calibre   string
	Source    string
	Headstamp string
	// Count is how many rounds of the lot are in stock.
	Count int
	// Verified is true once a dummy lot's rounds were checked inert (AM-3).
	Verified bool
	// VerifiedRounds are the rounds in the lot's box checked inert and not
	// loaded since: only those may be loaded (AM-3).
	VerifiedRounds int
	// Quarantined is true from an inert check that failed until the lot is
	// removed from set and checked again by a second person: it is not
	// loaded, and a firearm loaded from it is not issued (AM-1).
	Quarantined bool
	// Origin is where the lot's rounds were made. The zero Origin is a lot
	// received before origins were recorded, and it is loaded as before:
	// its source, headstamp and count were recorded (AM-4 as it then
	// stood), its dummies still need their inert check (AM-3), which is
	// what finds a primer left in a round, and refusing it would strand
	// every lot in use with no record that could give it an origin now. A
	// lot received today always has an origin.
	Origin Origin
}

// OriginKind says who made a lot's rounds.
type OriginKind string

// Where rounds come from. OriginUnknown is a lot received before origins
// were recorded.
const (
	OriginUnknown     OriginKind = ""
	OriginFactory     OriginKind = "factory"
	OriginRentalHouse OriginKind = "rental_house"
	OriginMadeUp      OriginKind = "made_up"
)

// MadeFrom says how rounds made up on set or in the shop were made.
type MadeFrom string

// How made-up rounds are made.
const (
	// MadeFromNewComponents: new empty cases and inert projectiles.
	MadeFromNewComponents MadeFrom = "new_components"
	// MadeFromLiveCartridges: components taken from live cartridges, which
	// keep their primer and traces of powder.
	MadeFromLiveCartridges MadeFrom = "live_cartridges"
)

// Origin is where a lot's rounds were made: by a maker (Maker, Product),
// by a rental house (House, HouseLot, their own lot reference), or made up
// on set or in the shop (MadeFrom).
type Origin struct {
	Kind     OriginKind
	Maker    string
	Product  string
	House    string
	HouseLot string
	MadeFrom MadeFrom
}

// Live says whether the lot holds live rounds: live cartridges, or rounds
// made up from them, which keep live components (AM-1).
func (l *Lot) Live() bool {
	return l.Kind == LotLive || (l.Origin.Kind == OriginMadeUp && l.Origin.MadeFrom == MadeFromLiveCartridges)
}

// Meeting is a safety meeting held on a day.
type Meeting struct {
	Day string
	// Hazards are the hazards whose bulletins the meeting covered.
	Hazards []string
	// Topics are the IDs of the bulletins' topics the meeting covered (see
	// Topics); none for a meeting recorded before topics were.
	Topics []string
	// Attendees are the people who confirmed their attendance.
	Attendees []string
}

// ShowClear is a firearm shown clear: every chamber, or only some, and who
// confirmed seeing it.
type ShowClear struct {
	Firearm     string
	At          time.Time
	AllChambers bool
	// Witnesses are the people who confirmed, each with their own PIN or
	// session.
	Witnesses []string
}

// Discharge is a misfire, malfunction or discharge of a firearm.
type Discharge struct {
	// ID is the discharge report's, which is also its incident's.
	ID      string
	Firearm string
	// At is when it happened, as the report says; Recorded is when it was
	// reported, which is later when someone reports it after the fact.
	// Zero Recorded is taken to be At.
	At       time.Time
	Recorded time.Time
	// Investigated is true once its investigation recorded a corrective
	// action, or the investigation of its incident its root cause (WS-1).
	Investigated bool
}

// Stop-work scopes.
const (
	ScopeProduction = "production"
	ScopeSetUp      = "setup"
	ScopeHazard     = "hazard"
	ScopeLocation   = "location"
)

// StopWork is a stop-work call in force.
type StopWork struct {
	Scope string
	// SetUp is the set-up it stops, for scope "setup".
	SetUp string
	// Hazard is the hazard it stops, such as "firearms", for scope
	// "hazard".
	Hazard string
	// Location is the location whose set-ups it stops, for scope
	// "location".
	Location string
	// By is the name of the person who called it, or "anonymous".
	By     string
	Reason string
}

// Concern is a critical concern someone raised that is still open.
type Concern struct {
	// Hazard is the hazard it is about, such as "firearms", or "".
	Hazard string
	// SetUp is the set-up it names, or "".
	SetUp string
	// Location is the location it names, or "".
	Location    string
	Raised      time.Time
	Description string
}

// Discrepancy is an end-of-day count that did not reconcile.
type Discrepancy struct {
	Day  string
	What string
}

// SetUp is a scene's shot on a day, with its hazards.
type SetUp struct {
	ID      string
	Name    string
	Hazards []string
	// Location is the ID of the location it is shot at, or "".
	Location string
	// TowardPeople is true for a shot with a firearm pointed toward the
	// camera or a person (FA-9).
	TowardPeople bool
	// Plan is the recorded plan for such a shot, if any.
	Plan *ShotPlan
	// State is where the set-up stands (TakeStates), and StateSince since
	// when.
	State      string
	StateSince time.Time
}

// ShotPlan is how a shot toward a person is made safe (FA-9).
type ShotPlan struct {
	Shields         bool
	MinimumDistance bool
	RemoteCamera    bool
	PeopleCleared   bool
}

// Kind is the kind of action the gate decides on.
type Kind string

// Actions.
const (
	// Handover: From hands a firearm to To. From the armorer to anyone
	// else it is an issue; to the armorer, a return.
	Handover Kind = "handover"
	// Load: From loads rounds from a lot into a firearm.
	Load Kind = "load"
	// Unsecure: From takes a firearm out of its locked store.
	Unsecure Kind = "unsecure"
	// ReceiveFirearm: From receives NewFirearm into the production.
	ReceiveFirearm Kind = "receive_firearm"
	// ReceiveLot: From receives NewLot into the production.
	ReceiveLot Kind = "receive_lot"
	// AssignDuty: To is given Duty for the day.
	AssignDuty Kind = "assign_duty"
	// StartSetUp: the 1st AD calls SetUp ready to shoot.
	StartSetUp Kind = "start_setup"
	// Inspect: From inspects a firearm at the bench.
	Inspect Kind = "inspect"
	// ReturnToService: From puts a firearm that is out of service back in
	// service; BoreClear says whether they saw its bore clear.
	ReturnToService Kind = "return_to_service"
	// StartDuty: From, who holds an armorer's role, comes on armorer duty.
	StartDuty Kind = "start_duty"
	// EndDuty: From stops being an armorer on duty: goes off duty, has the
	// role taken away, or leaves the production. When To is set, To takes
	// the duty over from From (a duty handover), both confirming with
	// their own PIN (ConfirmedWithPIN).
	EndDuty Kind = "end_duty"
)

// Hazard name of firearm work, for stop-work scopes and set-ups.
const HazardFirearms = "firearms"

// Action is an action proposed on set.
type Action struct {
	Kind    Kind
	Firearm string
	Lot     string
	Rounds  int
	From    string
	To      string
	Duty    string
	SetUp   *SetUp
	// ConfirmedWithPIN are the people who confirmed a hand-off, or a
	// duty handover, with their own PIN on the device it happened on
	// (FA-3): both the giver and the receiver must be among them. A
	// signed-in session confirms nobody.
	ConfirmedWithPIN []string
	// BoreClear is, for a return to service, whether the person returning
	// it saw its bore clear.
	BoreClear bool

	NewFirearm *Firearm
	NewLot     *Lot
}

// Pattern is a pattern of repeated incidents that concern one thing: a
// warning sign until its review is signed off (WS-6).
type Pattern struct {
	// Scope says what the incidents have in common, Key which one: a
	// firearm's ID, a hazard's, a person's, a department's name or an
	// incident kind.
	Scope, Key string
	// What says it in words ("Colt Single Action Army 4417", "stunts").
	What string
	// Count incidents within Days days, the last at Last.
	Count, Days int
	Last        time.Time
}

// What patterns can concern. Those of a firearm, a hazard or a person
// stop that work; those of a kind of incident or a department only warn.
const (
	PatternFirearm    = "firearm"
	PatternHazard     = "hazard"
	PatternPerson     = "person"
	PatternKind       = "kind"
	PatternDepartment = "department"
)

// PatternScopes lists what patterns can concern, those that stop work first.
var PatternScopes = []string{PatternFirearm, PatternHazard, PatternPerson, PatternKind, PatternDepartment}

// Stops reports whether a pattern of the scope stops the work it concerns.
func (p Pattern) Stops() bool {
	return p.Scope == PatternFirearm || p.Scope == PatternHazard || p.Scope == PatternPerson
}

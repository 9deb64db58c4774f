package http

import (
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// The requests and answers of the armory API.

// FirearmRequest receives a firearm into the production's armory.
type FirearmRequest struct {
	Make         string `json:"make"`
	Model        string `json:"model"`
	Serial       string `json:"serial"`
	Kind         string `json:"kind"`
	Calibre      string `json:"calibre"`
	Chambers     int64  `json:"chambers"`
	Owner        string `json:"owner"`
	OwnerLicence string `json:"owner_licence,omitempty"`
	Condition    string `json:"condition,omitempty"`
	// Store is the locked store it goes into.
	Store string `json:"store"`
	// ConfirmSameSerial receives it although the production holds a
	// firearm of the same make and serial, which is refused otherwise.
	ConfirmSameSerial bool `json:"confirm_same_serial,omitempty"`
}

// AmmoLotRequest receives a lot of rounds.
type AmmoLotRequest struct {
	Label        string `json:"label"`
	Kind         string `json:"kind"`
	LoadStrength string `json:"load_strength,omitempty"`
	Calibre      string `json:"calibre"`
	Source       string `json:"source"`
	Headstamp    string `json:"headstamp"`
	Count        int64  `json:"count"`
	// Origin is where the rounds were made; a lot is received only with
	// it (AM-4).
	Origin LotOrigin `json:"origin"`
}

// LotOrigin says where a lot's rounds were made. Kind is "factory" (with
// maker and product), "rental_house" (with house and house_lot, the
// house's own lot reference) or "made_up" on set or in the shop (with
// made_from: "new_components", new empty cases and inert projectiles, or
// "live_cartridges", components taken from live cartridges, which keep
// their primers and powder traces: such a lot is live and refused, AM-1).
type LotOrigin struct {
	Kind     string `json:"kind"`
	Maker    string `json:"maker,omitempty"`
	Product  string `json:"product,omitempty"`
	House    string `json:"house,omitempty"`
	HouseLot string `json:"house_lot,omitempty"`
	MadeFrom string `json:"made_from,omitempty"`
}

// InertRequest records rounds of a dummy lot checked inert (AM-3): how
// many, by which checks ("rattle", "drilled_case", "no_primer",
// "weight"), before a witness who confirms with their PIN. Failed says how
// many of them failed, and Failures which checks they failed (a round that
// does not rattle, has a primer, weighs wrong, has no drilled case): the lot
// is then quarantined and a live round report stops all firearm work
// (AM-1), until the lot is removed from set (the report cleared) and
// someone other than who found the failure checks it again.
type InertRequest struct {
	Checked  int64    `json:"checked"`
	Methods  []string `json:"methods"`
	Witness  Witness  `json:"witness"`
	Failed   int64    `json:"failed,omitempty"`
	Failures []string `json:"failures,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// StoreRequest names the locked store a firearm goes into.
type StoreRequest struct {
	Store string `json:"store"`
}

// InspectRequest is the armorer's inspection of a firearm: bore, working
// order and condition. A fault (bore not clear, or not working) takes it out
// of service and needs a note saying what is wrong.
type InspectRequest struct {
	BoreClear bool   `json:"bore_clear"`
	Functions bool   `json:"functions"`
	Condition string `json:"condition"`
	Note      string `json:"note,omitempty"`
}

// HandOverRequest hands a firearm to someone (to); or, with from instead
// of to, takes it back from someone. The giver and the receiver each type
// their own PIN on the device the request is sent from (FA-3): the
// caller's session or token confirms nothing by itself, so the caller's
// own PIN is one of the two. Each PIN is checked against its person, and
// a wrong one counts toward that person's lockout. A PIN left out is a
// hand-off that person did not confirm: the gate refuses it and records
// the refusal.
type HandOverRequest struct {
	To   string `json:"to,omitempty"`
	From string `json:"from,omitempty"`
	// GiverPIN is the PIN of whoever gives the firearm: the caller when
	// handing it to someone, the holder when the caller takes it back.
	GiverPIN string `json:"giver_pin"`
	// ReceiverPIN is the PIN of whoever receives it: the person named by
	// to, or the caller when taking it back.
	ReceiverPIN string `json:"receiver_pin"`
	// SetUpID is the set-up the firearm is issued for, if any.
	SetUpID string `json:"setup_id,omitempty"`
}

// LoadRequest loads rounds from a lot.
type LoadRequest struct {
	LotID  string `json:"lot_id"`
	Rounds int64  `json:"rounds"`
	// SetUpID is the set-up it is loaded for; the one the firearm was last
	// issued for when left out. It must be standing by or rolling (FA-8).
	SetUpID string `json:"setup_id,omitempty"`
}

// Witness is a person who confirms with their PIN.
type Witness struct {
	PersonID string `json:"person_id"`
	PIN      string `json:"pin"`
}

// ShowClearRequest records a firearm shown clear to witnesses.
type ShowClearRequest struct {
	AllChambers bool      `json:"all_chambers"`
	Witnesses   []Witness `json:"witnesses"`
}

// CheckRequest asks whether an action on a firearm would be allowed now,
// with the fields the action itself takes.
type CheckRequest struct {
	// Action is "handover", "load" or "unsecure".
	Action  string `json:"action"`
	To      string `json:"to,omitempty"`
	From    string `json:"from,omitempty"`
	SetUpID string `json:"setup_id,omitempty"`
	LotID   string `json:"lot_id,omitempty"`
	Rounds  int64  `json:"rounds,omitempty"`
}

// SafetyRequest chooses the production's jurisdiction profile and its
// choices on top of it; a zero parameter keeps the profile's.
type SafetyRequest struct {
	Profile            string   `json:"profile"`
	RulesOff           []string `json:"rules_off,omitempty"`
	ShowClearMinutes   int64    `json:"show_clear_minutes,omitempty"`
	FirearmsPerArmorer int64    `json:"firearms_per_armorer,omitempty"`
	MisfireThreshold   int64    `json:"misfire_threshold,omitempty"`
	MisfireWindowDays  int64    `json:"misfire_window_days,omitempty"`
	// PatternThreshold incidents of one kind, hazard, department, firearm
	// or person within PatternWindowDays make a pattern that warns up the
	// ladder and, for a firearm, hazard or person, stops that work (WS-6).
	PatternThreshold     int64 `json:"pattern_threshold,omitempty"`
	PatternWindowDays    int64 `json:"pattern_window_days,omitempty"`
	TrainingValidityDays int64 `json:"training_validity_days,omitempty"`
	OutLimitMinutes      int64 `json:"out_limit_minutes,omitempty"`
	// ConcernsStopAll makes any open critical concern stop all work until
	// it is decided, not only the set-ups, hazard or location it names.
	ConcernsStopAll bool `json:"concerns_stop_all,omitempty"`
	// MedicFor are the hazards whose set-ups need a medic on site, by ID:
	// the whole list, which may add to the profile's but not leave any
	// out; left out, the profile's.
	MedicFor []string `json:"medic_for,omitempty"`
}

// ContactRequest names the safety compliance contact.
type ContactRequest struct {
	PersonID string `json:"person_id"`
}

// TrainingRequest records a course a person completed.
type TrainingRequest struct {
	Course    string `json:"course"`
	Provider  string `json:"provider"`
	Firearms  bool   `json:"firearms"`
	Hours     int64  `json:"hours,omitempty"`
	Completed string `json:"completed"`
	Expires   string `json:"expires,omitempty"`
}

// PermitRequest records an armorer's permit or licence.
type PermitRequest struct {
	Kind    string `json:"kind"`
	Number  string `json:"number"`
	Issuer  string `json:"issuer"`
	Expires string `json:"expires"`
}

// MeetingRequest records today's safety meeting: the bulletin topics it
// covered, by ID, and any other topics in words. Issuing a firearm to
// someone needs a meeting today that they attended and that covered every
// firearm topic their production's profile requires (PR-1): firearms.loaded,
// firearms.pointing, firearms.trigger, firearms.no_live, firearms.misfire
// and firearms.hand_off, and under the Australian profile also
// firearms.beyond_target.
type MeetingRequest struct {
	// Topics are other topics covered, in words; free text is kept, but
	// the gate reads only CoveredTopics.
	Topics []string `json:"topics,omitempty"`
	// Hazards are the hazards whose bulletins the meeting covered; a topic
	// covered covers its hazard too.
	Hazards []string `json:"hazards,omitempty"`
	// CoveredTopics are the IDs of the bulletins' topics the meeting went
	// through, such as "firearms.loaded".
	CoveredTopics []string `json:"covered_topics,omitempty"`
	WalkThrough   bool     `json:"walk_through,omitempty"`
}

// AttendanceRequest confirms a person's attendance with their PIN; without
// a PIN, the signed-in person confirms their own.
type AttendanceRequest struct {
	PersonID string `json:"person_id"`
	PIN      string `json:"pin,omitempty"`
}

// ArmoryView is a production's firearms and ammunition lots.
type ArmoryView struct {
	Firearms []*setsafe.Firearm `json:"firearms"`
	Lots     []*setsafe.AmmoLot `json:"lots"`
	// Alerts are the alerts not yet resolved, such as a firearm not back
	// with the armorer after the cut.
	Alerts []*setsafe.Alert `json:"alerts"`
	// Duty is who holds an armorer's role, by name, and whether each is
	// on duty.
	Duty []DutyView `json:"duty"`
	// DutyGap are the IDs of the firearms out or loaded while no
	// qualified armorer is on duty: while there are any, all firearm work
	// is NO-GO (FA-2).
	DutyGap []string `json:"duty_gap"`
}

// FirearmResult answers a firearm action with the firearm as it is now.
type FirearmResult struct {
	Firearm  *setsafe.Firearm `json:"firearm,omitempty"`
	Recorded []RecordedView   `json:"recorded"`
}

// RecordedResult answers a change with the entries it appended.
type RecordedResult struct {
	Recorded []RecordedView `json:"recorded"`
	// ID is the identifier of what the request created, if it created
	// something.
	ID string `json:"id,omitempty"`
}

// HistoryView is the ledger entries about one firearm or lot, newest
// first; each names its entry, whose inclusion proof the ledger API gives.
type HistoryView struct {
	Entries []EntryView `json:"entries"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}

// VerdictView is the gate's answer to "would it be allowed now?".
type VerdictView struct {
	Go      bool          `json:"go"`
	Reasons []gate.Reason `json:"reasons"`
}

// PermitView is an armorer's permit or licence as the caller may see it:
// its number only to those who see contact details or manage safety, and
// to its holder.
type PermitView struct {
	ID       string    `json:"id"`
	PersonID string    `json:"person_id"`
	Kind     string    `json:"kind"`
	Number   string    `json:"number,omitempty"`
	Issuer   string    `json:"issuer"`
	Expires  time.Time `json:"expires,omitzero"`
	LastSeq  int64     `json:"last_seq"`
}

// MeetingView is a safety meeting and who confirmed attending it.
type MeetingView struct {
	setsafe.SafetyMeeting
	Attendance []*setsafe.Attendance `json:"attendance"`
}

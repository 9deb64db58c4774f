package setsafe

import (
	"slices"
	"strings"
	"time"
)

// Projection tables of the armory and of the preparation the safety rules
// ask for.
const (
	tableFirearms       = "firearms"
	tableAmmoLots       = "ammo_lots"
	tableSafetySettings = "safety_settings"
	tableTrainings      = "trainings"
	tablePermits        = "permits"
	tableMeetings       = "safety_meetings"
	tableAttendance     = "meeting_attendance"
)

func init() {
	rowTypes[tableFirearms] = func() Row { return new(Firearm) }
	rowTypes[tableAmmoLots] = func() Row { return new(AmmoLot) }
	rowTypes[tableSafetySettings] = func() Row { return new(SafetySettings) }
	rowTypes[tableTrainings] = func() Row { return new(Training) }
	rowTypes[tablePermits] = func() Row { return new(Permit) }
	rowTypes[tableMeetings] = func() Row { return new(SafetyMeeting) }
	rowTypes[tableAttendance] = func() Row { return new(Attendance) }
}

// Firearm is a firearm in a production's armory: what it is, whose it is,
// and where it is now. At every moment it is either secured in a named
// store or in a named person's custody.
type Firearm struct {
	ID           string `db:"id,key" json:"id"`
	Make         string `db:"make" json:"make"`
	Model        string `db:"model" json:"model"`
	Serial       string `db:"serial" json:"serial"`
	Kind         string `db:"kind" json:"kind"`
	Calibre      string `db:"calibre" json:"calibre"`
	Chambers     int64  `db:"chambers" json:"chambers"`
	Owner        string `db:"owner" json:"owner"`
	OwnerLicence string `db:"owner_licence" json:"owner_licence"`
	Condition    string `db:"condition" json:"condition"`
	// Custodian is the person holding it, or "" when it is secured.
	Custodian string `db:"custodian" json:"custodian,omitempty"`
	// Store is the locked store holding it, or "" when a person holds it.
	Store        string    `db:"store" json:"store,omitempty"`
	CustodySince time.Time `db:"custody_since_us" json:"custody_since"`
	OutOfService bool      `db:"out_of_service" json:"out_of_service"`
	// Returned is set once the firearm went back to its owner; it then
	// takes part in nothing but the record.
	Returned bool `db:"returned" json:"returned"`
	// LoadedLot and LoadedRounds say what is in it.
	LoadedLot    string `db:"loaded_lot" json:"loaded_lot,omitempty"`
	LoadedRounds int64  `db:"loaded_rounds" json:"loaded_rounds"`
	// The last show-clear: when, whether every chamber, and who confirmed
	// seeing it (person IDs, space-separated).
	ShownClearAt        time.Time `db:"shown_clear_us" json:"shown_clear_at,omitzero"`
	ShownClearAll       bool      `db:"shown_clear_all" json:"shown_clear_all"`
	ShownClearWitnesses string    `db:"shown_clear_witnesses" json:"-"`
	ReceivedAt          time.Time `db:"received_us" json:"received_at"`
	// The last inspection: when and by whom (a person ID).
	InspectedAt time.Time `db:"inspected_us" json:"inspected_at,omitzero"`
	InspectedBy string    `db:"inspected_by" json:"inspected_by,omitempty"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Firearm) Table() string { return tableFirearms }

// Key implements Row.
func (f *Firearm) Key() string { return f.ID }

// Name is how people on set call the firearm in messages.
func (f *Firearm) Name() string {
	name := strings.TrimSpace(f.Make + " " + f.Model)
	if f.Serial != "" {
		name += " (SN " + f.Serial + ")"
	}
	return "the " + name
}

// Witnesses returns the people who confirmed the last show-clear.
func (f *Firearm) Witnesses() []string { return strings.Fields(f.ShownClearWitnesses) }

// AmmoLot is a lot of rounds of one kind from one source, and its count.
type AmmoLot struct {
	ID           string `db:"id,key" json:"id"`
	Label        string `db:"label" json:"label"`
	Kind         string `db:"kind" json:"kind"`
	LoadStrength string `db:"load_strength" json:"load_strength,omitempty"`
	Calibre      string `db:"calibre" json:"calibre"`
	Source       string `db:"source" json:"source"`
	Headstamp    string `db:"headstamp" json:"headstamp"`
	// Received is how many rounds came in; InStock are in the lot's box;
	// Loaded are in firearms now; Fired were fired in takes; Returned went
	// back to the source and Destroyed were destroyed. Received is always
	// the sum of the other five.
	Received  int64 `db:"received" json:"received"`
	InStock   int64 `db:"in_stock" json:"in_stock"`
	Loaded    int64 `db:"loaded" json:"loaded"`
	Fired     int64 `db:"fired" json:"fired"`
	Returned  int64 `db:"returned" json:"returned"`
	Destroyed int64 `db:"destroyed" json:"destroyed"`
	// Verified is set once a dummy lot's rounds were checked inert.
	Verified       bool      `db:"verified" json:"verified"`
	VerifiedBy     string    `db:"verified_by" json:"verified_by,omitempty"`
	VerifiedMethod string    `db:"verified_method" json:"verified_method,omitempty"`
	ReceivedAt     time.Time `db:"received_us" json:"received_at"`
	LastSeq        int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*AmmoLot) Table() string { return tableAmmoLots }

// Key implements Row.
func (l *AmmoLot) Key() string { return l.ID }

// SafetySettings are the production's jurisdiction profile, its choices on
// top of it, and its safety compliance contact. It is the only row of its
// table in a production's ledger.
type SafetySettings struct {
	ID                string `db:"id,key" json:"-"`
	Profile           string `db:"profile" json:"profile"`
	RulesOff          string `db:"rules_off" json:"-"`
	ShowClearMinutes  int64  `db:"show_clear_minutes" json:"show_clear_minutes,omitempty"`
	PerArmorer        int64  `db:"firearms_per_armorer" json:"firearms_per_armorer,omitempty"`
	MisfireThreshold  int64  `db:"misfire_threshold" json:"misfire_threshold,omitempty"`
	MisfireWindowDays int64  `db:"misfire_window_days" json:"misfire_window_days,omitempty"`
	TrainingDays      int64  `db:"training_validity_days" json:"training_validity_days,omitempty"`
	OutLimitMinutes   int64  `db:"out_limit_minutes" json:"out_limit_minutes,omitempty"`
	ConcernsStopAll   bool   `db:"concerns_stop_all" json:"concerns_stop_all,omitempty"`
	ComplianceContact string `db:"compliance_contact" json:"compliance_contact,omitempty"`
	LastSeq           int64  `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*SafetySettings) Table() string { return tableSafetySettings }

// Key implements Row.
func (s *SafetySettings) Key() string { return s.ID }

// Training is a course a person completed.
type Training struct {
	ID       string `db:"id,key" json:"id"`
	PersonID string `db:"person_id" json:"person_id"`
	Course   string `db:"course" json:"course"`
	Provider string `db:"provider" json:"provider"`
	// Firearms is true for a course that qualifies its holder to handle
	// firearms on set.
	Firearms  bool      `db:"firearms" json:"firearms"`
	Hours     int64     `db:"hours" json:"hours"`
	Completed time.Time `db:"completed_us" json:"completed"`
	// Expires is zero when the course has no expiry of its own.
	Expires time.Time `db:"expires_us" json:"expires,omitzero"`
	LastSeq int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Training) Table() string { return tableTrainings }

// Key implements Row.
func (t *Training) Key() string { return t.ID }

// Permit is an armorer's permit or licence.
type Permit struct {
	ID       string    `db:"id,key" json:"id"`
	PersonID string    `db:"person_id" json:"person_id"`
	Kind     string    `db:"kind" json:"kind"`
	Number   string    `db:"number" json:"number"`
	Issuer   string    `db:"issuer" json:"issuer"`
	Expires  time.Time `db:"expires_us" json:"expires,omitzero"`
	LastSeq  int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Permit) Table() string { return tablePermits }

// Key implements Row.
func (p *Permit) Key() string { return p.ID }

// SafetyMeeting is a safety meeting held on a day of shooting.
type SafetyMeeting struct {
	ID          string    `db:"id,key" json:"id"`
	Day         string    `db:"day" json:"day"`
	LedBy       string    `db:"led_by" json:"led_by"`
	Topics      string    `db:"topics" json:"topics"`
	Hazards     string    `db:"hazards" json:"hazards"`
	WalkThrough bool      `db:"walk_through" json:"walk_through"`
	HeldAt      time.Time `db:"held_us" json:"held_at"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*SafetyMeeting) Table() string { return tableMeetings }

// Key implements Row.
func (m *SafetyMeeting) Key() string { return m.ID }

// Attendance is one person's confirmed attendance at a safety meeting.
type Attendance struct {
	MeetingID   string    `db:"meeting_id,key" json:"meeting_id"`
	PersonID    string    `db:"person_id,key" json:"person_id"`
	ConfirmedBy string    `db:"confirmed_by" json:"confirmed_by"`
	ConfirmedAt time.Time `db:"confirmed_us" json:"confirmed_at"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Attendance) Table() string { return tableAttendance }

// Key implements Row.
func (a *Attendance) Key() string { return a.MeetingID + "/" + a.PersonID }

// Firearm returns the firearm with the given ID, or nil.
func (s *State) Firearm(id string) *Firearm { return lookup[*Firearm](s, tableFirearms, id) }

// Firearms returns every firearm of the production, ordered by ID.
func (s *State) Firearms() []*Firearm { return all[*Firearm](s, tableFirearms) }

// AmmoLot returns the ammunition lot with the given ID, or nil.
func (s *State) AmmoLot(id string) *AmmoLot { return lookup[*AmmoLot](s, tableAmmoLots, id) }

// AmmoLots returns every ammunition lot, ordered by ID.
func (s *State) AmmoLots() []*AmmoLot { return all[*AmmoLot](s, tableAmmoLots) }

// SafetySettings returns the production's safety settings, or nil if it
// has chosen none.
func (s *State) SafetySettings() *SafetySettings {
	return lookup[*SafetySettings](s, tableSafetySettings, s.Ledger)
}

// Trainings returns every training record, ordered by ID.
func (s *State) Trainings() []*Training { return all[*Training](s, tableTrainings) }

// Training returns the training record with the given ID, or nil.
func (s *State) Training(id string) *Training { return lookup[*Training](s, tableTrainings, id) }

// Permit returns the permit with the given ID, or nil.
func (s *State) Permit(id string) *Permit { return lookup[*Permit](s, tablePermits, id) }

// Permits returns every permit record, ordered by ID.
func (s *State) Permits() []*Permit { return all[*Permit](s, tablePermits) }

// SafetyMeeting returns the meeting with the given ID, or nil.
func (s *State) SafetyMeeting(id string) *SafetyMeeting {
	return lookup[*SafetyMeeting](s, tableMeetings, id)
}

// MeetingsOn returns the meetings held on a day (YYYY-MM-DD), ordered by
// ID.
func (s *State) MeetingsOn(day string) []*SafetyMeeting {
	out := grouped[*SafetyMeeting](s, meetingsByDay, day)
	slices.SortFunc(out, byKey)
	return out
}

// AttendanceOf returns the confirmed attendances of a meeting, ordered by
// person.
func (s *State) AttendanceOf(meetingID string) []*Attendance {
	out := grouped[*Attendance](s, attendanceByMeeting, meetingID)
	slices.SortFunc(out, byKey)
	return out
}

// TrainingsOf returns a person's training records, ordered by ID.
func (s *State) TrainingsOf(personID string) []*Training {
	out := grouped[*Training](s, trainingsByPerson, personID)
	slices.SortFunc(out, byKey)
	return out
}

// PermitsOf returns a person's permit records, ordered by ID.
func (s *State) PermitsOf(personID string) []*Permit {
	out := grouped[*Permit](s, permitsByPerson, personID)
	slices.SortFunc(out, byKey)
	return out
}

// SafetyMeetings returns every meeting, ordered by ID.
func (s *State) SafetyMeetings() []*SafetyMeeting { return all[*SafetyMeeting](s, tableMeetings) }

// Attendances returns every confirmed attendance, ordered by meeting.
func (s *State) Attendances() []*Attendance { return all[*Attendance](s, tableAttendance) }

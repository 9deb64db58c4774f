package incident

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// The projection table of incidents.
const tableIncidents = "incidents"

func init() {
	setsafe.RegisterTable[Incident]()
	setsafe.RegisterSubject(SubjectIncident, func(s *setsafe.State, id string) bool { return Find(s, id) != nil })
}

// SubjectIncident is what photos and evidence attached to an incident are
// attached to.
const SubjectIncident = "incident"

// Kinds of incident.
const (
	KindInjury         = "injury_illness"
	KindNearMiss       = "near_miss"
	KindDischarge      = "unintended_discharge"
	KindMalfunction    = "misfire_malfunction"
	KindLiveRound      = "live_round_found"
	KindDiscrepancy    = "discrepancy"
	KindPropertyDamage = "property_damage"
	KindVehicle        = "vehicle"
	KindFire           = "fire"
	KindEnvironmental  = "environmental"
	KindSecurity       = "security"
)

// Kinds lists every kind of incident, in the order a form offers them.
var Kinds = []string{KindInjury, KindNearMiss, KindDischarge, KindMalfunction, KindLiveRound, KindDiscrepancy,
	KindPropertyDamage, KindVehicle, KindFire, KindEnvironmental, KindSecurity}

// Severities: what the incident did, from nothing to a death. An incident
// recorded in a hurry has none ("") until someone assesses it.
const (
	SeverityNone     = "none"     // no harm done
	SeverityMinor    = "minor"    // first aid, small damage
	SeverityModerate = "moderate" // medical treatment, damage that stops work
	SeveritySerious  = "serious"  // time off work, hospital, major damage
	SeverityFatal    = "fatal"
)

// Severities lists every severity, least first.
var Severities = []string{SeverityNone, SeverityMinor, SeverityModerate, SeveritySerious, SeverityFatal}

// States of an incident.
const (
	StateOpen          = "open"          // recorded, nobody investigates yet
	StateInvestigating = "investigating" // an investigator is assigned
	StateConcluded     = "concluded"     // the root cause is recorded, waiting for sign-off
	StateClosed        = "closed"        // signed off by the safety coordinator and a producer
)

// Incident is one incident of the register, opened by hand or by the entry
// that was an incident already (Source), with its investigation.
type Incident struct {
	ID       string `db:"id,key" json:"id"`
	Kind     string `db:"kind" json:"kind"`
	Severity string `db:"severity" json:"severity"`
	// CouldHaveBeenFatal marks what did little harm but could have
	// killed: a live round found, a discharge toward people.
	CouldHaveBeenFatal bool   `db:"could_have_been_fatal" json:"could_have_been_fatal"`
	Description        string `db:"description" json:"description"`
	// ImmediateAction is what was done at once.
	ImmediateAction string `db:"immediate_action" json:"immediate_action,omitempty"`
	// OccurredAt is when it happened; RecordedAt when it was recorded.
	OccurredAt time.Time `db:"occurred_us" json:"occurred_at"`
	RecordedAt time.Time `db:"recorded_us" json:"recorded_at"`
	LocationID string    `db:"location_id" json:"location_id,omitempty"`
	Where      string    `db:"place" json:"where,omitempty"`
	SetUpID    string    `db:"setup_id" json:"setup_id,omitempty"`
	// Firearms, Lots, People (those involved) and Witnesses hold IDs
	// separated by spaces.
	Firearms   string `db:"firearms" json:"-"`
	Lots       string `db:"lots" json:"-"`
	People     string `db:"people" json:"-"`
	Witnesses  string `db:"witnesses" json:"-"`
	ReportedBy string `db:"reported_by" json:"reported_by,omitempty"`
	// RecordSeq is the entry that last set what the record says (opened
	// or amended it): an amendment corrects it.
	RecordSeq int64 `db:"record_seq" json:"record_seq"`
	// Source is the type of the entry that opened it by itself, at
	// SourceSeq; "" for one opened by hand.
	Source    string `db:"source" json:"source,omitempty"`
	SourceSeq int64  `db:"source_seq" json:"source_seq,omitempty"`
	// Concerns are the concerns it was turned from or linked to, by ID,
	// separated by spaces.
	Concerns     string    `db:"concerns" json:"-"`
	State        string    `db:"state" json:"state"`
	Investigator string    `db:"investigator" json:"investigator,omitempty"`
	AssignedAt   time.Time `db:"assigned_us" json:"assigned_at,omitzero"`
	RootCause    string    `db:"root_cause" json:"root_cause,omitempty"`
	Findings     string    `db:"findings" json:"findings,omitempty"`
	ConcludedAt  time.Time `db:"concluded_us" json:"concluded_at,omitzero"`
	// SafetySignedBy and ProducerSignedBy signed the investigation off.
	SafetySignedBy   string    `db:"safety_signed_by" json:"safety_signed_by,omitempty"`
	SafetySignedAt   time.Time `db:"safety_signed_us" json:"safety_signed_at,omitzero"`
	ProducerSignedBy string    `db:"producer_signed_by" json:"producer_signed_by,omitempty"`
	ProducerSignedAt time.Time `db:"producer_signed_us" json:"producer_signed_at,omitzero"`
	LastSeq          int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*Incident) Table() string { return tableIncidents }

// Key implements setsafe.Row.
func (x *Incident) Key() string { return x.ID }

// FirearmIDs returns the firearms involved.
func (x *Incident) FirearmIDs() []string { return strings.Fields(x.Firearms) }

// LotIDs returns the ammunition lots involved.
func (x *Incident) LotIDs() []string { return strings.Fields(x.Lots) }

// PeopleIDs returns the people involved.
func (x *Incident) PeopleIDs() []string { return strings.Fields(x.People) }

// WitnessIDs returns the witnesses.
func (x *Incident) WitnessIDs() []string { return strings.Fields(x.Witnesses) }

// ConcernIDs returns the concerns it was turned from or linked to.
func (x *Incident) ConcernIDs() []string { return strings.Fields(x.Concerns) }

// Automatic reports whether the incident opened by itself.
func (x *Incident) Automatic() bool { return x.Source != "" }

// Closed reports whether its investigation is signed off.
func (x *Incident) Closed() bool { return x.State == StateClosed }

// edit returns a copy of the incident to change and put: a stored row is
// never changed, since snapshots share it.
func (x *Incident) edit(seq int64) *Incident {
	c := *x
	c.LastSeq = seq
	return &c
}

// Find returns the incident with the given ID, or nil.
func Find(s *setsafe.State, id string) *Incident {
	return setsafe.Lookup[*Incident](s, tableIncidents, id)
}

// All returns every incident of the production, latest first.
func All(s *setsafe.State) []*Incident {
	out := setsafe.All[*Incident](s, tableIncidents)
	slices.SortStableFunc(out, func(a, b *Incident) int { return b.OccurredAt.Compare(a.OccurredAt) })
	return out
}

// Open returns the incidents whose investigation is not signed off,
// latest first.
func Open(s *setsafe.State) []*Incident {
	return slices.DeleteFunc(All(s), (*Incident).Closed)
}

// joined returns ids as a row holds them: each once, in order, separated
// by spaces.
func joined(ids []string) string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return strings.Join(out, " ")
}

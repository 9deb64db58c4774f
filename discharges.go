package setsafe

import (
	"fmt"
	"slices"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection tables of warning signs.
const (
	tableDischarges = "discharges"
	tableSignOffs   = "review_signoffs"
)

func init() {
	rowTypes[tableDischarges] = func() Row { return new(Discharge) }
	rowTypes[tableSignOffs] = func() Row { return new(ReviewSignOff) }
	register[DischargeReported](1)
	register[DischargeInvestigated](1)
	register[FirearmReturnedToService](1)
	register[ReviewSignedOff](1)
}

// DischargeKinds are the warning signs a firearm gives.
var DischargeKinds = []string{"misfire", "discharge", "malfunction"}

// Discharge is a misfire, unintended discharge or malfunction, and its
// investigation (WS-1).
type Discharge struct {
	ID               string    `db:"id,key" json:"id"`
	FirearmID        string    `db:"firearm_id" json:"firearm_id"`
	Kind             string    `db:"kind" json:"kind"`
	Description      string    `db:"description" json:"description"`
	ReportedBy       string    `db:"reported_by" json:"reported_by"`
	At               time.Time `db:"at_us" json:"at"`
	Investigated     bool      `db:"investigated" json:"investigated"`
	Findings         string    `db:"findings" json:"findings,omitempty"`
	CorrectiveAction string    `db:"corrective_action" json:"corrective_action,omitempty"`
	LastSeq          int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Discharge) Table() string { return tableDischarges }

// Key implements Row.
func (x *Discharge) Key() string { return x.ID }

// ReviewSignOff is one signature under the review that lets firearm work
// resume after repeated warning signs (WS-2): the compliance contact's or
// a producer's.
type ReviewSignOff struct {
	PersonID string    `db:"person_id,key" json:"person_id"`
	Capacity string    `db:"capacity,key" json:"capacity"`
	Note     string    `db:"note" json:"note"`
	At       time.Time `db:"at_us" json:"at"`
	LastSeq  int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*ReviewSignOff) Table() string { return tableSignOffs }

// Key implements Row.
func (r *ReviewSignOff) Key() string { return r.PersonID + "/" + r.Capacity }

// Sign-off capacities.
const (
	CapacityCompliance = "compliance_contact"
	CapacityProducer   = "producer"
)

// DischargeReported records a misfire, discharge or malfunction; the
// firearm goes out of service (FA-7).
type DischargeReported struct {
	ID          string `json:"id"`
	FirearmID   string `json:"firearm_id"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	ReportedBy  string `json:"reported_by"`
}

func (b *DischargeReported) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil || lookup[*Discharge](s, tableDischarges, b.ID) != nil {
		return fmt.Errorf("discharge %s of firearm %s cannot be recorded", b.ID, b.FirearmID)
	}
	s.put(&Discharge{ID: b.ID, FirearmID: f.ID, Kind: b.Kind, Description: b.Description, ReportedBy: b.ReportedBy, At: e.Time, LastSeq: e.Seq})
	f.OutOfService, f.LastSeq = true, e.Seq
	s.put(f)
	return nil
}

// DischargeInvestigated records the findings and corrective action of a
// discharge's investigation.
type DischargeInvestigated struct {
	DischargeID      string `json:"discharge_id"`
	Findings         string `json:"findings"`
	CorrectiveAction string `json:"corrective_action"`
}

func (b *DischargeInvestigated) apply(s *State, e Event) error {
	x := edit(lookup[*Discharge](s, tableDischarges, b.DischargeID))
	if x == nil {
		return fmt.Errorf("discharge %s does not exist", b.DischargeID)
	}
	x.Investigated, x.Findings, x.CorrectiveAction, x.LastSeq = true, b.Findings, b.CorrectiveAction, e.Seq
	s.put(x)
	return nil
}

// FirearmReturnedToService records the armorer clearing a firearm after
// inspecting its bore.
type FirearmReturnedToService struct {
	FirearmID string `json:"firearm_id"`
	BoreClear bool   `json:"bore_clear"`
}

func (b *FirearmReturnedToService) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", b.FirearmID)
	}
	f.OutOfService, f.LastSeq = false, e.Seq
	s.put(f)
	return nil
}

// ReviewSignedOff records a signature under the review of repeated
// warning signs.
type ReviewSignedOff struct {
	PersonID   string   `json:"person_id"`
	Capacities []string `json:"capacities"`
	Note       string   `json:"note"`
}

func (b *ReviewSignedOff) apply(s *State, e Event) error {
	for _, c := range b.Capacities {
		s.put(&ReviewSignOff{PersonID: b.PersonID, Capacity: c, Note: b.Note, At: e.Time, LastSeq: e.Seq})
	}
	return nil
}

// EventType implementations.
func (*DischargeReported) EventType() string        { return "firearm.discharge_reported" }
func (*DischargeInvestigated) EventType() string    { return "discharge.investigated" }
func (*FirearmReturnedToService) EventType() string { return "firearm.returned_to_service" }
func (*ReviewSignedOff) EventType() string          { return "review.signed_off" }

// Discharges returns every recorded discharge, ordered by ID.
func (s *State) Discharges() []*Discharge { return all[*Discharge](s, tableDischarges) }

// Discharge returns the discharge report with the given ID, or nil.
func (s *State) Discharge(id string) *Discharge { return lookup[*Discharge](s, tableDischarges, id) }

// reviews returns when the review of repeated warning signs was last
// complete: once both the compliance contact and a producer signed.
func (s *State) reviews() []time.Time {
	var compliance, producer time.Time
	for _, r := range all[*ReviewSignOff](s, tableSignOffs) {
		switch {
		case r.Capacity == CapacityCompliance && r.At.After(compliance):
			compliance = r.At
		case r.Capacity == CapacityProducer && r.At.After(producer):
			producer = r.At
		}
	}
	if compliance.IsZero() || producer.IsZero() {
		return nil
	}
	if compliance.Before(producer) {
		return []time.Time{compliance}
	}
	return []time.Time{producer}
}

func (s *State) addWarningSigns(sit *gate.Situation) {
	for _, x := range s.Discharges() {
		sit.Discharges = append(sit.Discharges, gate.Discharge{Firearm: x.FirearmID, At: x.At, Investigated: x.Investigated})
	}
	sit.Reviews = s.reviews()
}

// ReportDischarge records a misfire, unintended discharge or malfunction.
// Anyone on the production may; the firearm goes out of service at once.
type ReportDischarge struct {
	ID          string
	FirearmID   string
	Kind        string
	Description string
	By          string
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
	checkID(p, "id", c.ID)
	oneOf(p, "kind", c.Kind, DischargeKinds)
	desc := cleanReason(p, "description", c.Description, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*Discharge](s, tableDischarges, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Discharge %s exists already.", c.ID)
	}
	return one(&DischargeReported{ID: c.ID, FirearmID: f.ID, Kind: c.Kind, Description: desc, ReportedBy: by}), nil
}

// InvestigateDischarge records a discharge's findings and corrective
// action (WS-1).
type InvestigateDischarge struct {
	DischargeID      string
	Findings         string
	CorrectiveAction string
}

// Authorize implements Command.
func (c InvestigateDischarge) Authorize(a Access, _ *State) error {
	return a.Require(PermManageSafety)
}

// Decide implements Command.
func (c InvestigateDischarge) Decide(s *State, d Decision) (Outcome, error) {
	x := lookup[*Discharge](s, tableDischarges, c.DischargeID)
	if x == nil {
		return Outcome{}, Errorf(ENotFound, "There is no discharge %s.", c.DischargeID)
	}
	p := Problems{}
	b := &DischargeInvestigated{DischargeID: x.ID,
		Findings:         cleanReason(p, "findings", c.Findings, true),
		CorrectiveAction: cleanReason(p, "corrective_action", c.CorrectiveAction, true)}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	return one(b), nil
}

// ReturnToService clears a firearm after the armorer inspected its bore
// (FA-7).
type ReturnToService struct {
	FirearmID string
	BoreClear bool
}

// Authorize implements Command.
func (c ReturnToService) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ReturnToService) Decide(s *State, d Decision) (Outcome, error) {
	f, err := existingFirearm(s, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	if !c.BoreClear {
		return Outcome{}, &Error{Code: EInvalid, Message: "Inspect the bore first; a firearm goes back into service only with its bore clear.",
			Fields: map[string]string{"bore_clear": "must be true"}}
	}
	if !f.OutOfService {
		return Outcome{}, nil
	}
	return one(&FirearmReturnedToService{FirearmID: f.ID, BoreClear: true}), nil
}

// SignOffReview signs the review of repeated warning signs, as the
// compliance contact, as a producer, or both (WS-2). Firearm work resumes
// once both have signed.
type SignOffReview struct {
	Note string
	By   string
}

// Authorize implements Command.
func (c SignOffReview) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c SignOffReview) Decide(s *State, d Decision) (Outcome, error) {
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	note := cleanReason(p, "note", c.Note, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	var capacities []string
	if st := s.SafetySettings(); st != nil && st.ComplianceContact == by {
		capacities = append(capacities, CapacityCompliance)
	}
	if slices.Contains(s.RolesOf(by), RoleProducer) {
		capacities = append(capacities, CapacityProducer)
	}
	if len(capacities) == 0 {
		return Outcome{}, Errorf(EForbidden, "Only the safety compliance contact and a producer sign off this review.")
	}
	return one(&ReviewSignedOff{PersonID: by, Capacities: capacities, Note: note}), nil
}

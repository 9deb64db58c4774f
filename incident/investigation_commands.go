package incident

import (
	"fmt"

	"github.com/setsafe/setsafe"
)

// investigated returns the incident a command about an investigation is
// for, or an error saying it does not exist or is closed.
func investigated(s *setsafe.State, id string) (*Incident, error) {
	x := Find(s, id)
	if x == nil {
		return nil, setsafe.Errorf(setsafe.ENotFound, "There is no incident %s.", id)
	}
	if x.Closed() {
		return nil, setsafe.Errorf(setsafe.EConflict, "Incident %s is closed: its investigation was signed off.", x.ID)
	}
	return x, nil
}

// requireInvestigator allows its investigator and those who investigate
// incidents.
func requireInvestigator(a setsafe.Access, s *setsafe.State, id string) error {
	if mayInvestigate(a, Find(s, id)) {
		return nil
	}
	return a.Require(PermInvestigate)
}

// AssignInvestigator names who investigates an incident: anyone on the
// production, chosen by those who investigate incidents.
type AssignInvestigator struct {
	ID           string
	Investigator string
	By           string
}

// Authorize implements setsafe.Command.
func (c AssignInvestigator) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermInvestigate)
}

// Decide implements setsafe.Command.
func (c AssignInvestigator) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	x, err := investigated(s, c.ID)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	if c.Investigator == "" {
		return setsafe.Outcome{}, &setsafe.Error{Code: setsafe.EInvalid, Message: "investigator: is required: name the person who investigates.",
			Fields: map[string]string{"investigator": "is required: name the person who investigates"}}
	}
	if _, err := setsafe.ActivePerson(s, c.Investigator); err != nil {
		return setsafe.Outcome{}, err
	}
	if x.Investigator == c.Investigator {
		return setsafe.Outcome{}, nil // sent again, say
	}
	return one(&InvestigatorAssigned{ID: x.ID, Investigator: c.Investigator, By: by}), nil
}

func one(b setsafe.Body) setsafe.Outcome {
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: b}}}
}

// RecordFactor records a contributing factor of an incident, with the
// answers to "why?" asked of it in turn: its investigator or those who
// investigate incidents.
type RecordFactor struct {
	ID          string
	FactorID    string
	Category    string
	Description string
	Whys        []string
	By          string
}

// Authorize implements setsafe.Command.
func (c RecordFactor) Authorize(a setsafe.Access, s *setsafe.State) error {
	return requireInvestigator(a, s, c.ID)
}

// Decide implements setsafe.Command.
func (c RecordFactor) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	x, err := investigated(s, c.ID)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	setsafe.CheckID(p, "factor_id", c.FactorID)
	setsafe.OneOf(p, "category", c.Category, FactorCategories)
	b := &FactorRecorded{ID: x.ID, FactorID: c.FactorID, Category: c.Category, By: by, Whys: []string{},
		Description: setsafe.CleanReason(p, "description", c.Description, true)}
	if len(c.Whys) > MaxWhys {
		p.Add("whys", "may be at most %d", MaxWhys)
	}
	for i, w := range c.Whys {
		if w := setsafe.CleanReason(p, fmt.Sprintf("whys[%d]", i), w, false); w != "" {
			b.Whys = append(b.Whys, w)
		}
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if f := setsafe.Lookup[*Factor](s, tableFactors, x.ID+"/"+c.FactorID); f != nil {
		if f.Category == b.Category && f.Description == b.Description {
			return setsafe.Outcome{}, nil // sent again
		}
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Factor %s of incident %s exists already.", c.FactorID, x.ID)
	}
	return one(b), nil
}

// ConcludeInvestigation records an incident's root cause and findings,
// once at least one contributing factor is recorded: its investigator or
// those who investigate incidents. A new conclusion needs signing off
// again.
type ConcludeInvestigation struct {
	ID        string
	RootCause string
	Findings  string
	By        string
}

// Authorize implements setsafe.Command.
func (c ConcludeInvestigation) Authorize(a setsafe.Access, s *setsafe.State) error {
	return requireInvestigator(a, s, c.ID)
}

// Decide implements setsafe.Command.
func (c ConcludeInvestigation) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	x, err := investigated(s, c.ID)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	b := &InvestigationConcluded{ID: x.ID, By: by, RootCause: setsafe.CleanReason(p, "root_cause", c.RootCause, true),
		Findings: setsafe.CleanReason(p, "findings", c.Findings, false)}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if len(Factors(s, x.ID)) == 0 {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Record at least one contributing factor of incident %s before its root cause.", x.ID)
	}
	if x.State == StateConcluded && x.RootCause == b.RootCause && x.Findings == b.Findings {
		return setsafe.Outcome{}, nil // sent again
	}
	return one(b), nil
}

// SignOffInvestigation signs an investigation's conclusion off, as the
// safety coordinator or as a producer (or unit production manager); with
// both signatures the incident is closed.
type SignOffInvestigation struct {
	ID       string
	Capacity string
	Note     string
	By       string
}

// Authorize implements setsafe.Command.
func (c SignOffInvestigation) Authorize(a setsafe.Access, _ *setsafe.State) error {
	if a.System || holdsCapacity(a.Roles, c.Capacity) {
		return nil
	}
	if err := a.Require(setsafe.PermTakePart); err != nil {
		return err
	}
	return setsafe.Errorf(setsafe.EForbidden, "Only the safety coordinator signs as safety_coordinator, and a producer or unit production manager as producer.")
}

// Decide implements setsafe.Command.
func (c SignOffInvestigation) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	setsafe.OneOf(p, "capacity", c.Capacity, []string{CapacitySafety, CapacityProducer})
	note := setsafe.CleanReason(p, "note", c.Note, false)
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if d.Access.System && !holdsCapacity(s.RolesOf(by), c.Capacity) {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EForbidden, "%s does not hold a role that signs as %s.", by, c.Capacity)
	}
	x, err := investigated(s, c.ID)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	if x.State != StateConcluded {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Incident %s has no root cause recorded yet: there is nothing to sign off.", x.ID)
	}
	if signed := map[string]string{CapacitySafety: x.SafetySignedBy, CapacityProducer: x.ProducerSignedBy}[c.Capacity]; signed != "" {
		if signed == by {
			return setsafe.Outcome{}, nil // sent again
		}
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "The investigation of incident %s is signed as %s already.", x.ID, c.Capacity)
	}
	if by == x.SafetySignedBy || by == x.ProducerSignedBy {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "You signed this investigation off already; the other signature is someone else's.")
	}
	return one(&InvestigationSignedOff{ID: x.ID, Capacity: c.Capacity, By: by, Note: note}), nil
}

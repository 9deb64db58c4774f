package setsafe

import "slices"

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
		Findings:         CleanReason(p, "findings", c.Findings, true),
		CorrectiveAction: CleanReason(p, "corrective_action", c.CorrectiveAction, true)}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	return one(b), nil
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
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	note := CleanReason(p, "note", c.Note, true)
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

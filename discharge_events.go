package setsafe

import "fmt"

func init() {
	register[DischargeInvestigated](1, "Discharge investigated")
	register[ReviewSignedOff](1, "Review signed off")
}

// DischargeInvestigated records the findings and corrective action of a
// discharge's investigation.
type DischargeInvestigated struct {
	DischargeID      string `json:"discharge_id"`
	Findings         string `json:"findings"`
	CorrectiveAction string `json:"corrective_action"`
}

// EventType implements Body.
func (*DischargeInvestigated) EventType() string { return "discharge.investigated" }

func (b *DischargeInvestigated) apply(s *State, e Event) error {
	x := edit(lookup[*Discharge](s, tableDischarges, b.DischargeID))
	if x == nil {
		return fmt.Errorf("discharge %s does not exist", b.DischargeID)
	}
	x.Investigated, x.Findings, x.CorrectiveAction, x.LastSeq = true, b.Findings, b.CorrectiveAction, e.Seq
	s.put(x)
	return nil
}

func (*DischargeInvestigated) refers() References { return References{} }

// ReviewSignedOff records a signature under the review of repeated
// warning signs.
type ReviewSignedOff struct {
	PersonID   string   `json:"person_id"`
	Capacities []string `json:"capacities"`
	Note       string   `json:"note"`
}

// EventType implements Body.
func (*ReviewSignedOff) EventType() string { return "review.signed_off" }

func (b *ReviewSignedOff) apply(s *State, e Event) error {
	for _, c := range b.Capacities {
		s.put(&ReviewSignOff{PersonID: b.PersonID, Capacity: c, Note: b.Note, At: e.Time, LastSeq: e.Seq})
	}
	return nil
}

func (b *ReviewSignedOff) refers() References {
	return References{People: named(b.PersonID)}
}

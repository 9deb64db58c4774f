package incident

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[InvestigatorAssigned](1, "Investigator assigned")
	setsafe.Register[FactorRecorded](1, "Contributing factor recorded")
	setsafe.Register[InvestigationConcluded](1, "Root cause recorded")
	setsafe.Register[InvestigationSignedOff](1, "Investigation signed off")
}

// InvestigatorAssigned records who investigates an incident.
type InvestigatorAssigned struct {
	ID           string `json:"id"`
	Investigator string `json:"investigator"`
	By           string `json:"by"`
}

// EventType implements setsafe.Body.
func (*InvestigatorAssigned) EventType() string { return "investigation.assigned" }

// Fold implements setsafe.EventBody.
func (b *InvestigatorAssigned) Fold(f *setsafe.Folding, e setsafe.Event) error {
	x := Find(f.State(), b.ID)
	if x == nil || f.State().Person(b.Investigator) == nil {
		return fmt.Errorf("%s cannot investigate incident %s", b.Investigator, b.ID)
	}
	c := x.edit(e.Seq)
	c.Investigator, c.AssignedAt = b.Investigator, e.Time
	if c.State == StateOpen {
		c.State = StateInvestigating
	}
	f.Put(c)
	return nil
}

// References implements setsafe.EventBody.
func (b *InvestigatorAssigned) References() setsafe.References {
	return setsafe.References{People: people(b.By, []string{b.Investigator})}
}

// FactorRecorded records a contributing factor of an incident, with its
// chain of "why?".
type FactorRecorded struct {
	ID          string   `json:"id"`
	FactorID    string   `json:"factor_id"`
	Category    string   `json:"category"`
	Description string   `json:"description"`
	Whys        []string `json:"whys"`
	By          string   `json:"by"`
}

// EventType implements setsafe.Body.
func (*FactorRecorded) EventType() string { return "investigation.factor_recorded" }

// Fold implements setsafe.EventBody.
func (b *FactorRecorded) Fold(f *setsafe.Folding, e setsafe.Event) error {
	if Find(f.State(), b.ID) == nil {
		return fmt.Errorf("incident %s does not exist", b.ID)
	}
	if setsafe.Lookup[*Factor](f.State(), tableFactors, b.ID+"/"+b.FactorID) != nil {
		return fmt.Errorf("factor %s of incident %s exists already", b.FactorID, b.ID)
	}
	whys, err := json.Marshal(b.Whys)
	if err != nil {
		return fmt.Errorf("factor %s: %w", b.FactorID, err)
	}
	f.Put(&Factor{IncidentID: b.ID, ID: b.FactorID, Category: b.Category, Description: b.Description, WhysJSON: string(whys),
		By: b.By, At: e.Time, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (b *FactorRecorded) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// InvestigationConcluded records an investigation's root cause and
// findings; it waits for sign-off.
type InvestigationConcluded struct {
	ID        string `json:"id"`
	RootCause string `json:"root_cause"`
	Findings  string `json:"findings"`
	By        string `json:"by"`
}

// EventType implements setsafe.Body.
func (*InvestigationConcluded) EventType() string { return "investigation.concluded" }

// Fold implements setsafe.EventBody.
func (b *InvestigationConcluded) Fold(f *setsafe.Folding, e setsafe.Event) error {
	x := Find(f.State(), b.ID)
	if x == nil || x.Closed() {
		return fmt.Errorf("incident %s cannot be concluded", b.ID)
	}
	c := x.edit(e.Seq)
	c.RootCause, c.Findings, c.ConcludedAt, c.State = b.RootCause, b.Findings, e.Time, StateConcluded
	// A new conclusion needs signing again.
	c.SafetySignedBy, c.SafetySignedAt, c.ProducerSignedBy, c.ProducerSignedAt = "", time.Time{}, "", time.Time{}
	f.Put(c)
	return nil
}

// References implements setsafe.EventBody.
func (b *InvestigationConcluded) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// InvestigationSignedOff records the safety coordinator or a producer
// signing an investigation's conclusion off; with both, the incident is
// closed.
type InvestigationSignedOff struct {
	ID       string `json:"id"`
	Capacity string `json:"capacity"`
	By       string `json:"by"`
	Note     string `json:"note"`
}

// EventType implements setsafe.Body.
func (*InvestigationSignedOff) EventType() string { return "investigation.signed_off" }

// Fold implements setsafe.EventBody.
func (b *InvestigationSignedOff) Fold(f *setsafe.Folding, e setsafe.Event) error {
	x := Find(f.State(), b.ID)
	if x == nil || x.State != StateConcluded {
		return fmt.Errorf("incident %s has no conclusion to sign", b.ID)
	}
	c := x.edit(e.Seq)
	switch b.Capacity {
	case CapacitySafety:
		c.SafetySignedBy, c.SafetySignedAt = b.By, e.Time
	case CapacityProducer:
		c.ProducerSignedBy, c.ProducerSignedAt = b.By, e.Time
	default:
		return fmt.Errorf("no sign-off capacity %q", b.Capacity)
	}
	if c.SafetySignedBy != "" && c.ProducerSignedBy != "" {
		c.State = StateClosed
	}
	f.Put(c)
	return nil
}

// References implements setsafe.EventBody.
func (b *InvestigationSignedOff) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

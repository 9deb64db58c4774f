package incident

import (
	"fmt"
	"slices"
	"time"

	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[Opened](1, "Incident recorded")
	setsafe.Register[Amended](1, "Incident record corrected")
	setsafe.Register[ConcernLinked](1, "Concern linked to an incident")
}

// Record is what an incident's record says, as an entry holds it.
type Record struct {
	Kind               string    `json:"kind"`
	Severity           string    `json:"severity"`
	CouldHaveBeenFatal bool      `json:"could_have_been_fatal"`
	Description        string    `json:"description"`
	ImmediateAction    string    `json:"immediate_action"`
	OccurredAt         time.Time `json:"occurred_at"`
	LocationID         string    `json:"location_id,omitempty"`
	Where              string    `json:"where,omitempty"`
	SetUpID            string    `json:"setup_id,omitempty"`
	Firearms           []string  `json:"firearms"`
	Lots               []string  `json:"lots"`
	People             []string  `json:"people"`
	Witnesses          []string  `json:"witnesses"`
}

// apply writes the record into an incident's row.
func (r Record) apply(x *Incident) {
	x.Kind, x.Severity, x.CouldHaveBeenFatal, x.Description, x.ImmediateAction = r.Kind, r.Severity, r.CouldHaveBeenFatal, r.Description, r.ImmediateAction
	x.OccurredAt, x.LocationID, x.Where, x.SetUpID = r.OccurredAt, r.LocationID, r.Where, r.SetUpID
	x.Firearms, x.Lots, x.People, x.Witnesses = joined(r.Firearms), joined(r.Lots), joined(r.People), joined(r.Witnesses)
}

// Opened records an incident opened by hand, or turned from a concern
// (ConcernID).
type Opened struct {
	ID string `json:"id"`
	Record
	ReportedBy string `json:"reported_by"`
	ConcernID  string `json:"concern_id,omitempty"`
}

// EventType implements setsafe.Body.
func (*Opened) EventType() string { return "incident.opened" }

// Fold implements setsafe.EventBody.
func (b *Opened) Fold(f *setsafe.Folding, e setsafe.Event) error {
	if Find(f.State(), b.ID) != nil {
		return fmt.Errorf("incident %s exists already", b.ID)
	}
	x := &Incident{ID: b.ID, RecordedAt: e.Time, ReportedBy: b.ReportedBy, Concerns: b.ConcernID, State: StateOpen, RecordSeq: e.Seq, LastSeq: e.Seq}
	b.Record.apply(x)
	f.Put(x)
	return nil
}

// References implements setsafe.EventBody.
func (b *Opened) References() setsafe.References {
	return setsafe.References{Firearms: b.Firearms, Lots: b.Lots, People: people(b.ReportedBy, b.People, b.Witnesses), SetUp: b.SetUpID}
}

// people returns the people an incident names, each once.
func people(by string, groups ...[]string) []string {
	ids := []string{by}
	for _, g := range groups {
		ids = append(ids, g...)
	}
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Amended records a correction of what an incident's record says: the
// whole of it as it now reads, with why. The entry corrects the one that
// last set it (its Corrects), which stays in the ledger as it was.
type Amended struct {
	ID string `json:"id"`
	Record
	Reason string `json:"reason"`
	By     string `json:"by"`
}

// EventType implements setsafe.Body.
func (*Amended) EventType() string { return "incident.amended" }

// Fold implements setsafe.EventBody.
func (b *Amended) Fold(f *setsafe.Folding, e setsafe.Event) error {
	x := Find(f.State(), b.ID)
	if x == nil {
		return fmt.Errorf("incident %s does not exist", b.ID)
	}
	c := x.edit(e.Seq)
	b.Record.apply(c)
	c.RecordSeq = e.Seq
	f.Put(c)
	return nil
}

// References implements setsafe.EventBody.
func (b *Amended) References() setsafe.References {
	return setsafe.References{Firearms: b.Firearms, Lots: b.Lots, People: people(b.By, b.People, b.Witnesses), SetUp: b.SetUpID}
}

// ConcernLinked records a concern linked to an incident: what was raised
// before, or about the same thing.
type ConcernLinked struct {
	ID        string `json:"id"`
	ConcernID string `json:"concern_id"`
	By        string `json:"by"`
}

// EventType implements setsafe.Body.
func (*ConcernLinked) EventType() string { return "incident.concern_linked" }

// Fold implements setsafe.EventBody.
func (b *ConcernLinked) Fold(f *setsafe.Folding, e setsafe.Event) error {
	x := Find(f.State(), b.ID)
	if x == nil || f.State().Concern(b.ConcernID) == nil {
		return fmt.Errorf("concern %s cannot be linked to incident %s", b.ConcernID, b.ID)
	}
	c := x.edit(e.Seq)
	c.Concerns = joined(append(x.ConcernIDs(), b.ConcernID))
	f.Put(c)
	return nil
}

// References implements setsafe.EventBody.
func (b *ConcernLinked) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// Escalation implements setsafe.Escalating: a new incident makes the
// watch for patterns due.
func (b *Opened) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return []setsafe.EscalationUpdate{{Item: watchPrefix, Deadline: s.LastTime, Waiting: true}}
}

// Escalation implements setsafe.Escalating: a corrected incident may
// make a pattern it did not.
func (b *Amended) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return []setsafe.EscalationUpdate{{Item: watchPrefix, Deadline: s.LastTime, Waiting: true}}
}

package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[FirearmInspected](1, "Inspected at the bench")
}

// FirearmInspected records the armorer's inspection of a firearm: its bore,
// whether it works as it should, and the condition it is in. A fault found
// takes the firearm out of service in the same entry's outcome (FA-7).
type FirearmInspected struct {
	FirearmID string `json:"firearm_id"`
	By        string `json:"by"`
	// BoreClear is whether the bore was seen clear of any obstruction.
	BoreClear bool `json:"bore_clear"`
	// Functions is whether the action, trigger and safety work as they
	// should.
	Functions bool   `json:"functions"`
	Condition string `json:"condition"`
	Note      string `json:"note,omitempty"`
}

func (b *FirearmInspected) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", b.FirearmID)
	}
	f.Condition, f.InspectedAt, f.InspectedBy, f.LastSeq = b.Condition, e.Time, b.By, e.Seq
	s.put(f)
	return nil
}

func (b *FirearmInspected) refers() References {
	return References{Firearms: []string{b.FirearmID}, People: named(b.By)}
}

// EventType implements Body.
func (*FirearmInspected) EventType() string { return "firearm.inspected" }

// Serviceable is whether the inspection found nothing wrong.
func (b *FirearmInspected) Serviceable() bool { return b.BoreClear && b.Functions }

// InspectFirearm records the armorer's inspection of a firearm, at
// receiving and before the day's work: bore clear, working order and
// condition. The firearm must be empty and either locked in its store or
// in the inspector's hands. A fault takes it out of service until the bore
// is cleared and it is returned to service (FA-7).
type InspectFirearm struct {
	FirearmID string
	BoreClear bool
	Functions bool
	Condition string
	Note      string
	By        string
}

// Authorize implements Command.
func (c InspectFirearm) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c InspectFirearm) Decide(s *State, d Decision) (Outcome, error) {
	by, f, err := actorAndFirearm(s, d, c.By, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	b := &FirearmInspected{FirearmID: f.ID, By: by, BoreClear: c.BoreClear, Functions: c.Functions,
		Condition: cleanText(p, "condition", c.Condition, MaxShortText, true),
		Note:      cleanReason(p, "note", c.Note, false)}
	if !b.Serviceable() && b.Note == "" {
		p.Add("note", "is required when a fault is found: say what is wrong")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	switch {
	case f.LoadedRounds > 0:
		return Outcome{}, Errorf(EConflict, "Unload %s before inspecting it.", f.Name())
	case f.Store == "" && f.Custodian != by:
		return Outcome{}, Errorf(EConflict, "%s is with someone else; take it back before inspecting it.", f.Name())
	}
	out := one(b)
	if !b.Serviceable() && !f.OutOfService {
		out.Events = append(out.Events, Draft{Body: &FirearmOutOfService{FirearmID: f.ID, Reason: faultFound(b)}})
	}
	return out, nil
}

// faultFound says what an inspection found wrong, for the out-of-service
// record.
func faultFound(b *FirearmInspected) string {
	var faults []string
	if !b.BoreClear {
		faults = append(faults, "bore not clear")
	}
	if !b.Functions {
		faults = append(faults, "does not function as it should")
	}
	return "Fault found at inspection: " + strings.Join(faults, ", ") + ". " + b.Note
}

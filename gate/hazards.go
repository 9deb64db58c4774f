package gate

import (
	"fmt"
	"slices"
)

// Hazard is a kind of danger a set-up may bring, with the preparations it
// requires before the set-up may start.
type Hazard struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Bulletin is the industry safety bulletin that covers it.
	Bulletin string `json:"bulletin"`
	// Duties are the people who must be on duty on the production: one
	// person at least for each.
	Duties []string `json:"duties,omitempty"`
	// Permit is the kind of permit or licence someone must hold, if any.
	Permit string `json:"permit,omitempty"`
}

// Hazards lists the hazards setsafe knows. Every hazard needs today's
// safety meeting to have covered it.
var Hazards = []Hazard{
	{ID: HazardFirearms, Name: "firearms", Bulletin: "SB1", Duties: []string{DutyArmorer}},
	{ID: "stunts", Name: "stunts", Bulletin: "SB4", Duties: []string{"stunt_coordinator"}},
	{ID: "pyrotechnics", Name: "pyrotechnics and special effects", Bulletin: "SB16", Permit: "pyrotechnics"},
	{ID: "vehicles", Name: "vehicles and camera cars", Bulletin: "SB8"},
	{ID: "water", Name: "water", Bulletin: "SB17"},
	{ID: "heights", Name: "work at heights", Bulletin: "SB23"},
	{ID: "animals", Name: "animals", Bulletin: "SB6"},
	{ID: "railroad", Name: "railroads", Bulletin: "SB28"},
	{ID: "aircraft", Name: "aircraft", Bulletin: "SB11"},
	{ID: "smoke", Name: "smoke and fog", Bulletin: "SB10"},
	{ID: "open_flames", Name: "open flames", Bulletin: "SB19"},
	{ID: "edged_weapons", Name: "edged and piercing props", Bulletin: "SB30"},
}

// FindHazard returns the hazard with the given ID.
func FindHazard(id string) (Hazard, bool) {
	i := slices.IndexFunc(Hazards, func(h Hazard) bool { return h.ID == id })
	if i < 0 {
		return Hazard{}, false
	}
	return Hazards[i], true
}

// HazardIDs lists the IDs of every hazard.
func HazardIDs() []string {
	out := make([]string, len(Hazards))
	for i, h := range Hazards {
		out[i] = h.ID
	}
	return out
}

// checkHazards checks, when a set-up starts or a firearm is issued for
// it, that each of its hazards has its people on duty, its permit on
// record and today's meeting covering it.
func checkHazards(c *decision) {
	if c.a.SetUp == nil || (c.a.Kind != StartSetUp && !c.isIssue()) {
		return
	}
	covered := map[string]bool{}
	for _, m := range c.s.Meetings {
		if m.Day == c.s.Day {
			for _, h := range m.Hazards {
				covered[h] = true
			}
		}
	}
	for _, id := range c.a.SetUp.Hazards {
		h, ok := FindHazard(id)
		if !ok {
			continue
		}
		for _, duty := range h.Duties {
			if !c.someoneOnDuty(duty) {
				c.fail("%s has %s but nobody is on duty as %s", c.a.SetUp.Name, Word(h.Name), Duties{duty})
			}
		}
		if h.Permit != "" && !c.permitOnRecord(h.Permit) {
			c.fail("%s has %s but nobody holds a current %s permit", c.a.SetUp.Name, Word(h.Name), Word(h.Permit))
		}
		if !covered[id] {
			c.fail("Today's safety meeting has not covered %s (bulletin %s) for %s", Word(h.Name), h.Bulletin, c.a.SetUp.Name)
		}
	}
}

func (c *decision) someoneOnDuty(duty string) bool {
	armorer := duty == DutyArmorer || duty == DutyAssistantArmorer
	for _, p := range c.s.People {
		if hasDuty(p, duty) && !(armorer && p.OffDuty) {
			return true
		}
	}
	return false
}

func (c *decision) permitOnRecord(kind string) bool {
	for _, p := range c.s.People {
		for _, pm := range p.Permits {
			if pm.Kind == kind && (pm.Expires.IsZero() || c.s.Now.Before(pm.Expires)) {
				return true
			}
		}
	}
	return false
}

// String names a hazard for messages.
func (h Hazard) String() string { return fmt.Sprintf("%s (%s)", h.Name, h.Bulletin) }

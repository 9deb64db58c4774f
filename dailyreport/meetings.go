package dailyreport

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// DayMeetings are the day's safety meetings (PR-1), and who the rules
// wanted at one.
type DayMeetings struct {
	Held []DayMeeting `json:"held"`
	// Required are the people the rules wanted at a meeting of the day:
	// the 1st AD; on a day of firearm work, the armorers; everyone
	// issued a firearm; everyone who joined the crew that day; and the
	// people holding the duties the day's hazards need on site. Each says
	// why.
	Required []DayRequired `json:"required"`
	// Absent are those of Required who attended none of the day's
	// meetings.
	Absent []DayRequired `json:"absent"`
}

// DayMeeting is one safety meeting held.
type DayMeeting struct {
	ID     string    `json:"id"`
	HeldAt time.Time `json:"held_at"`
	LedBy  Who       `json:"led_by"`
	// Topics are the bulletin topics it covered, in the words of the
	// bulletins (gate.Topics); Notes the other topics, in the leader's
	// words.
	Topics      []string `json:"topics"`
	Notes       []string `json:"notes"`
	Hazards     []string `json:"hazards"`
	WalkThrough bool     `json:"walk_through"`
	Attended    []Who    `json:"attended"`
}

// DayRequired is a person the rules wanted at the day's safety meeting,
// and why.
type DayRequired struct {
	Who
	Why string `json:"why"`
}

// meetings gathers the day's meetings, who was required at one, and who
// of those attended none.
func (b *builder) meetings() {
	m := DayMeetings{Held: []DayMeeting{}, Required: []DayRequired{}, Absent: []DayRequired{}}
	attended := map[string]bool{}
	for _, sm := range b.s.MeetingsOn(b.r.Day) {
		v := DayMeeting{ID: sm.ID, HeldAt: sm.HeldAt, LedBy: b.who(sm.LedBy), Topics: []string{}, Notes: []string{}, Hazards: []string{},
			WalkThrough: sm.WalkThrough, Attended: []Who{}}
		for _, id := range sm.CoveredTopics() {
			if t, ok := gate.FindTopic(id); ok {
				v.Topics = append(v.Topics, t.Text)
			} else {
				v.Topics = append(v.Topics, id)
			}
		}
		for _, line := range strings.Split(sm.Topics, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				v.Notes = append(v.Notes, line)
			}
		}
		for _, h := range strings.Fields(sm.Hazards) {
			v.Hazards = append(v.Hazards, hazardName(h))
		}
		for _, a := range b.s.AttendanceOf(sm.ID) {
			attended[a.PersonID] = true
			v.Attended = append(v.Attended, b.who(a.PersonID))
		}
		slices.SortFunc(v.Attended, byName)
		m.Held = append(m.Held, v)
	}
	slices.SortFunc(m.Held, func(x, y DayMeeting) int { return x.HeldAt.Compare(y.HeldAt) })
	m.Required = b.required()
	for _, r := range m.Required {
		if !attended[r.ID] {
			m.Absent = append(m.Absent, r)
		}
	}
	b.r.Meetings = m
}

// required returns the people the rules wanted at a safety meeting of the
// day, by name, each with why. Roles are read as they stand now, granted
// before the day ended.
func (b *builder) required() []DayRequired {
	why := map[string][]string{}
	add := func(id, reason string) {
		if p := b.s.Person(id); p == nil || !p.Active && p.LeftAt.Before(b.from) {
			return
		}
		if !slices.Contains(why[id], reason) {
			why[id] = append(why[id], reason)
		}
	}
	firearms := b.firearmWork
	duties := map[setsafe.Role][]string{} // the duties the day's hazards need, with the hazards
	for _, u := range b.s.SetUpsOn(b.r.Day) {
		for _, h := range u.HazardList() {
			firearms = firearms || h == gate.HazardFirearms
			hz, ok := gate.FindHazard(h)
			if !ok {
				continue
			}
			for _, need := range hz.People {
				for _, d := range need.Duties {
					if r := setsafe.Role(d); !slices.Contains(duties[r], hz.Name) {
						duties[r] = append(duties[r], hz.Name)
					}
				}
			}
		}
	}
	for _, g := range b.s.Grants() {
		if !g.GrantedAt.Before(b.to) {
			continue
		}
		switch {
		case g.Role == setsafe.RoleFirstAD:
			add(g.PersonID, "1st AD")
		case firearms && (g.Role == setsafe.RoleArmorer || g.Role == setsafe.RoleAssistantArmorer):
			add(g.PersonID, strings.ToLower(g.Role.Title()))
		}
		if hazards, ok := duties[g.Role]; ok {
			add(g.PersonID, strings.ToLower(g.Role.Title())+" for "+strings.ToLower(strings.Join(hazards, ", ")))
		}
	}
	for _, id := range b.receivers {
		add(id, "issued a firearm")
	}
	if prod := b.s.Production(); prod != nil && !b.onDay(prod.CreatedAt) {
		// On the production's first day the whole crew joins, and nobody
		// is new (as the gate reads PR-1).
		for _, p := range b.s.People() {
			if b.onDay(p.AddedAt) && !slices.Contains(b.s.RolesOf(p.ID), setsafe.RoleInvestigator) {
				add(p.ID, "joined the crew that day")
			}
		}
	}
	out := []DayRequired{}
	for id, reasons := range why {
		out = append(out, DayRequired{Who: b.who(id), Why: strings.Join(reasons, "; ")})
	}
	slices.SortFunc(out, func(x, y DayRequired) int { return byName(x.Who, y.Who) })
	return out
}

// byName orders people by name, then ID.
func byName(x, y Who) int {
	if c := strings.Compare(x.Name, y.Name); c != 0 {
		return c
	}
	return strings.Compare(x.ID, y.ID)
}

// hazardName is a hazard's name, or its ID when the gate knows none.
func hazardName(id string) string {
	if h, ok := gate.FindHazard(id); ok {
		return h.Name
	}
	return id
}

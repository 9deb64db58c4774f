package gate

import (
	"slices"
	"time"
)

// hazardCheck makes one of a hazard's checks: it runs when a set-up with
// the hazard starts, or a firearm is issued for one.
func hazardCheck(h Hazard, fn func(c *decision, h Hazard)) func(c *decision) {
	return func(c *decision) {
		if c.setUpStarting() && slices.Contains(c.a.SetUp.Hazards, h.ID) {
			fn(c, h)
		}
	}
}

// setUpStarting says whether the action starts a set-up or issues a
// firearm for one: the moments a set-up's hazards are checked.
func (c *decision) setUpStarting() bool {
	return c.a.SetUp != nil && (c.a.Kind == StartSetUp || c.isIssue())
}

// checkHazardPeople checks that every person the hazard needs is on
// site: holding the duty, checked in, and licensed where the need says
// so.
func checkHazardPeople(c *decision, h Hazard) {
	for _, n := range c.s.Rules.NeedsOf(h).People {
		if len(c.onSite(n.Duties...)) == 0 {
			c.fail("%s has %s but nobody is checked in on set as %s", c.a.SetUp.Name, Word(h.Name), EitherDuty(n.Duties))
			continue
		}
		if n.Licence != "" && len(c.licensed(n)) == 0 {
			c.fail("%s has %s but nobody checked in as %s holds a current %s licence", c.a.SetUp.Name, Word(h.Name), EitherDuty(n.Duties), Word(n.Licence))
		}
	}
}

// onSite returns the people checked in on set now who hold one of the
// duties, sorted.
func (c *decision) onSite(duties ...string) []string {
	var out []string
	for id, p := range c.s.People {
		if p.OnSite && hasDuty(p, duties...) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// licensed returns the people on site for a need who hold its licence.
func (c *decision) licensed(n Need) []string {
	var out []string
	for _, id := range c.onSite(n.Duties...) {
		if holdsPermit(c.s.People[id], n.Licence, c.s.Now) {
			out = append(out, id)
		}
	}
	return out
}

// holdsPermit says whether a person holds a permit or licence of a kind
// that has not expired at now.
func holdsPermit(p *Person, kind string, now time.Time) bool {
	for _, pm := range p.Permits {
		if pm.Kind == kind && (pm.Expires.IsZero() || now.Before(pm.Expires)) {
			return true
		}
	}
	return false
}

// checkMedic checks that a medic is on site for a set-up with a hazard
// the profile names in its medic_for parameter (MD-1).
func checkMedic(c *decision) {
	if !c.setUpStarting() {
		return
	}
	for _, id := range c.a.SetUp.Hazards {
		if !slices.Contains(c.s.Rules.Params.MedicFor, id) {
			continue
		}
		if len(c.onSite(DutyMedic)) == 0 {
			h, _ := FindHazard(id)
			c.fail("%s has %s but no medic is checked in on set", c.a.SetUp.Name, Word(h.Name))
		}
		return
	}
}

// checkHazardBriefed checks that today's safety meeting covered each
// hazard of the set-up, every topic of its bulletin, and that the people
// the hazard needs on site attended it (HZ-1).
func checkHazardBriefed(c *decision) {
	if !c.setUpStarting() {
		return
	}
	for _, id := range c.a.SetUp.Hazards {
		h, ok := FindHazard(id)
		if !ok {
			continue
		}
		if id == HazardFirearms {
			c.firearmsBriefed(h)
			continue
		}
		topics := TopicIDs(id, c.s.Rules.Topics)
		var covering []Meeting
		var missing []string
		for _, m := range c.s.Meetings {
			if m.Day != c.s.Day || !slices.Contains(m.Hazards, id) {
				continue
			}
			lacks := slices.DeleteFunc(slices.Clone(topics), func(t string) bool { return slices.Contains(m.Topics, t) })
			if len(lacks) == 0 {
				covering = append(covering, m)
			} else if missing == nil || len(lacks) < len(missing) {
				missing = lacks
			}
		}
		switch {
		case len(covering) == 0 && missing == nil:
			c.fail("Today's safety meeting has not covered %s (bulletin %s) for %s", Word(h.Name), h.Bulletin, c.a.SetUp.Name)
			continue
		case len(covering) == 0:
			c.fail("Today's safety meeting on %s did not cover: %s", Word(h.Name), TopicTexts(missing))
			continue
		}
		for _, n := range c.s.Rules.NeedsOf(h).People {
			people := c.onSite(n.Duties...)
			attended := slices.ContainsFunc(people, func(p string) bool {
				return slices.ContainsFunc(covering, func(m Meeting) bool { return slices.Contains(m.Attendees, p) })
			})
			if len(people) > 0 && !attended {
				c.fail("%s, on set as %s for %s, has not confirmed attending today's safety meeting on it", c.name(people[0]), EitherDuty(n.Duties), Word(h.Name))
			}
		}
	}
}

// firearmsBriefed checks, for a set-up with firearms, that an armorer is
// on duty and that today's meeting covered firearms; the topics each
// performer heard are checked at issue (PR-1).
func (c *decision) firearmsBriefed(h Hazard) {
	if !c.someoneArmorer() {
		c.fail("%s has %s but nobody is on duty as %s", c.a.SetUp.Name, Word(h.Name), Duties{DutyArmorer})
	}
	if !slices.ContainsFunc(c.s.Meetings, func(m Meeting) bool { return m.Day == c.s.Day && slices.Contains(m.Hazards, h.ID) }) {
		c.fail("Today's safety meeting has not covered %s (bulletin %s) for %s", Word(h.Name), h.Bulletin, c.a.SetUp.Name)
	}
}

func (c *decision) someoneArmorer() bool {
	for id := range c.s.People {
		if c.armorer(id) {
			return true
		}
	}
	return false
}

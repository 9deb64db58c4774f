package incident

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// Found is a pattern the incidents make that is not raised yet.
type Found struct {
	Scope, Key, What string
	Incidents        []string
	Days             int
	Last             time.Time
}

// firearmKinds are the kinds of incident that are firearms work wherever
// they happen.
var firearmKinds = []string{KindDischarge, KindMalfunction, KindLiveRound}

// concerns returns what an incident concerns, by scope: its kind, the
// hazards of its set-up (and firearms for a firearm incident), the
// departments of the people involved, its firearms and its people.
func concerns(s *setsafe.State, x *Incident) map[string][]string {
	out := map[string][]string{gate.PatternKind: {x.Kind}, gate.PatternFirearm: x.FirearmIDs(), gate.PatternPerson: x.PeopleIDs()}
	var hazards []string
	if u := s.SetUp(x.SetUpID); u != nil {
		hazards = append(hazards, u.HazardList()...)
	}
	if len(x.FirearmIDs()) > 0 || len(x.LotIDs()) > 0 || slices.Contains(firearmKinds, x.Kind) {
		hazards = append(hazards, gate.HazardFirearms)
	}
	slices.Sort(hazards)
	out[gate.PatternHazard] = slices.Compact(hazards)
	var departments []string
	for _, id := range x.PeopleIDs() {
		if p := s.Person(id); p != nil && strings.TrimSpace(p.Department) != "" {
			departments = append(departments, strings.TrimSpace(p.Department))
		}
	}
	slices.Sort(departments)
	out[gate.PatternDepartment] = slices.Compact(departments)
	return out
}

// FindPatterns returns the patterns the production's incidents make at now
// that are not raised and in force already: Threshold incidents or more
// within Window that concern the same thing, counting only those recorded
// after the last signed-off review of that thing (WS-6). None when WS-6 is
// not in force.
func FindPatterns(s *setsafe.State, now time.Time) []Found {
	rules, err := s.SafetyRules()
	if err != nil || !rules.On[gate.WS6] {
		return nil
	}
	p := rules.Params
	from := now.Add(-p.PatternWindow)
	groups := map[string][]*Incident{}
	for _, x := range All(s) {
		if !x.OccurredAt.After(from) || x.OccurredAt.After(now) {
			continue
		}
		for scope, keys := range concerns(s, x) {
			for _, k := range keys {
				groups[condition(scope, k)] = append(groups[condition(scope, k)], x)
			}
		}
	}
	var out []Found
	for c, xs := range groups {
		scope, key, _ := strings.Cut(c, ":")
		inForce, reviewed := lastReviewed(s, scope, key)
		if inForce {
			continue
		}
		xs = slices.DeleteFunc(xs, func(x *Incident) bool { return !x.RecordedAt.After(reviewed) })
		if len(xs) < p.PatternThreshold {
			continue
		}
		f := Found{Scope: scope, Key: key, What: what(s, scope, key), Days: int(p.PatternWindow / (24 * time.Hour))}
		slices.SortFunc(xs, func(a, b *Incident) int {
			return cmp.Or(a.OccurredAt.Compare(b.OccurredAt), strings.Compare(a.ID, b.ID))
		})
		for _, x := range xs {
			f.Incidents = append(f.Incidents, x.ID)
		}
		f.Last = xs[len(xs)-1].OccurredAt
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Found) int {
		return cmp.Or(cmp.Compare(slices.Index(gate.PatternScopes, a.Scope), slices.Index(gate.PatternScopes, b.Scope)), strings.Compare(a.Key, b.Key))
	})
	return out
}

// what says what a pattern concerns in words.
func what(s *setsafe.State, scope, key string) string {
	switch scope {
	case gate.PatternFirearm:
		if f := s.Firearm(key); f != nil {
			return f.Name()
		}
	case gate.PatternPerson:
		if p := s.Person(key); p != nil {
			return p.Name
		}
	case gate.PatternHazard:
		if h, ok := gate.FindHazard(key); ok {
			return h.Name
		}
	case gate.PatternDepartment:
		return "the " + key + " department"
	case gate.PatternKind:
		return strings.ReplaceAll(key, "_", " ") + " incidents"
	}
	return key
}

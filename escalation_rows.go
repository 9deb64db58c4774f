package setsafe

import (
	"slices"
	"strings"
	"time"
)

// The projection tables of the escalation ladder.
const (
	tableLadderRungs   = "ladder_rungs"
	tableConcernClocks = "concern_clocks"
)

func init() {
	rowTypes[tableLadderRungs] = func() Row { return new(LadderRung) }
	rowTypes[tableConcernClocks] = func() Row { return new(ConcernClock) }
}

// The rungs of a production's escalation ladder, lowest first. The last
// two are usually people outside the production, reached by e-mail or
// webhook.
const (
	RungDepartmentHead = "department_head"
	RungUPM            = "unit_production_manager"
	RungProducer       = "producer"
	RungStudioSafety   = "studio_safety"
	RungUnion          = "union_representative"
)

// Rungs lists the rungs, lowest first.
var Rungs = []string{RungDepartmentHead, RungUPM, RungProducer, RungStudioSafety, RungUnion}

// rungRoles are the production roles whose holders stand on a rung when
// the ladder names nobody there.
var rungRoles = map[string]Role{RungDepartmentHead: RoleDepartmentHead, RungUPM: RoleUPM, RungProducer: RoleProducer}

// rungRole is whether holders of a role stand on a rung of the ladder.
func rungRole(role Role) bool {
	return slices.ContainsFunc(Rungs, func(r string) bool { return rungRoles[r] == role })
}

// DefaultClocks are how long each step may take, by severity, when a
// production sets none: acknowledge, then resolve.
var DefaultClocks = map[string]ConcernClock{
	SeverityCritical: {Severity: SeverityCritical, AcknowledgeMinutes: 30, ResolveMinutes: 4 * 60},
	SeverityHigh:     {Severity: SeverityHigh, AcknowledgeMinutes: 4 * 60, ResolveMinutes: 48 * 60},
	SeverityNormal:   {Severity: SeverityNormal, AcknowledgeMinutes: 24 * 60, ResolveMinutes: 7 * 24 * 60},
}

// LadderRung is one rung of a production's escalation ladder: people of
// the production, an outside contact, or both.
type LadderRung struct {
	Rung string `db:"rung,key" json:"rung"`
	// Position orders the rungs, 0 the lowest.
	Position int64 `db:"position" json:"position"`
	// People are person IDs of the production, space-separated.
	People  string `db:"people" json:"-"`
	Contact string `db:"contact" json:"contact,omitempty"`
	Email   string `db:"email" json:"email,omitempty"`
	Webhook string `db:"webhook" json:"webhook,omitempty"`
	LastSeq int64  `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*LadderRung) Table() string { return tableLadderRungs }

// Key implements Row.
func (r *LadderRung) Key() string { return r.Rung }

// PersonIDs returns the people on the rung.
func (r *LadderRung) PersonIDs() []string { return strings.Fields(r.People) }

// ConcernClock is how long each step of a concern of one severity may take
// before it climbs a rung.
type ConcernClock struct {
	Severity           string `db:"severity,key" json:"severity"`
	AcknowledgeMinutes int64  `db:"acknowledge_minutes" json:"acknowledge_minutes"`
	ResolveMinutes     int64  `db:"resolve_minutes" json:"resolve_minutes"`
	LastSeq            int64  `db:"last_seq" json:"last_seq"`
}

// Acknowledge is how long acknowledging may take at each rung.
func (c ConcernClock) Acknowledge() time.Duration {
	return time.Duration(c.AcknowledgeMinutes) * time.Minute
}

// Resolve is how long resolving may take from when the concern was
// raised, and then at each further rung.
func (c ConcernClock) Resolve() time.Duration { return time.Duration(c.ResolveMinutes) * time.Minute }

// Table implements Row.
func (*ConcernClock) Table() string { return tableConcernClocks }

// Key implements Row.
func (c *ConcernClock) Key() string { return c.Severity }

// Ladder returns the production's ladder, lowest rung first, with the
// people still on the production. A rung the production did not set holds
// the people with its role, if it has one.
func (s *State) Ladder() []*LadderRung {
	out := make([]*LadderRung, len(Rungs))
	for i, name := range Rungs {
		if r := lookup[*LadderRung](s, tableLadderRungs, name); r != nil {
			// People who left the production no longer stand on it.
			c := *r
			c.People = strings.Join(slices.DeleteFunc(r.PersonIDs(), func(id string) bool {
				p := s.Person(id)
				return p == nil || !p.Active
			}), " ")
			out[i] = &c
			continue
		}
		r := &LadderRung{Rung: name, Position: int64(i)}
		if role, ok := rungRoles[name]; ok {
			var ids []string
			each(s, tableRoleGrants, func(g *RoleGrant) {
				if g.Role == role {
					ids = append(ids, g.PersonID)
				}
			})
			slices.Sort(ids)
			r.People = strings.Join(ids, " ")
		}
		out[i] = r
	}
	return out
}

// Clock returns the clock of a severity: the production's, or the default.
func (s *State) Clock(severity string) ConcernClock {
	if c := lookup[*ConcernClock](s, tableConcernClocks, severity); c != nil {
		return *c
	}
	return DefaultClocks[severity]
}

// OnRung says whether a person stands on a rung of the ladder at or above
// rung.
func (s *State) OnRung(person string, rung int64) bool {
	for i, r := range s.Ladder() {
		if int64(i) >= rung && strings.Contains(" "+r.People+" ", " "+person+" ") {
			return true
		}
	}
	return false
}

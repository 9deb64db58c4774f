package setsafe

import "strings"

// GrantRole gives a person a role in a production. Only a producer or a site
// administrator may make someone a producer or an investigator.
type GrantRole struct {
	PersonID string
	Role     Role
}

// Authorize implements Command.
func (c GrantRole) Authorize(a Access, _ *State) error { return authorizeRoleChange(a, c.Role) }

// Decide implements Command.
func (c GrantRole) Decide(s *State, d Decision) (Outcome, error) {
	if err := checkRole(c.Role); err != nil {
		return Outcome{}, err
	}
	person, err := ActivePerson(s, c.PersonID)
	if err != nil {
		return Outcome{}, err
	}
	if s.Grant(person.ID, c.Role) != nil {
		return Outcome{}, nil
	}
	if out, err := checkDuties(s, d.Now, person.ID, person.Name, []Role{c.Role}); out != nil || err != nil {
		return deref(out), err
	}
	return one(&RoleGranted{PersonID: person.ID, Role: c.Role}), nil
}

// RevokeRole ends a person's role. When the grant was a mistake, Corrects
// names it. Taking the armorer's role from the last qualified armorer on
// duty while firearms are out is refused (FA-2), unless Emergency is set
// by a producer or a site administrator: it is then recorded as an
// override (see [EndDuty]).
type RevokeRole struct {
	PersonID  string
	Role      Role
	Reason    string
	Corrects  int64
	Emergency bool
}

// Authorize implements Command.
func (c RevokeRole) Authorize(a Access, _ *State) error {
	if c.Emergency {
		if err := authorizeEmergency(a); err != nil {
			return err
		}
	}
	return authorizeRoleChange(a, c.Role)
}

// Decide implements Command.
func (c RevokeRole) Decide(s *State, d Decision) (Outcome, error) {
	if err := checkRole(c.Role); err != nil {
		return Outcome{}, err
	}
	person, err := existingPerson(s, c.PersonID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	checkCorrects(p, s, c.Corrects, c.Reason)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.Grant(person.ID, c.Role) == nil {
		return Outcome{}, Errorf(ENotFound, "%s does not hold the role %s.", person.Name, c.Role.Title())
	}
	revoked := Draft{Body: &RoleRevoked{PersonID: person.ID, Role: c.Role, Reason: reason}, Corrects: c.Corrects}
	if (c.Role == RoleArmorer || c.Role == RoleAssistantArmorer) && len(armorerRoles(s, person.ID)) == 1 {
		return endingDuty(s, d, person.ID, DutyChangeRoleRevoked, c.Emergency, reason, revoked)
	}
	return Outcome{Events: []Draft{revoked}}, nil
}

func authorizeRoleChange(a Access, r Role) error {
	if err := a.Require(PermGrantRoles); err != nil {
		return err
	}
	if (r == RoleProducer || r == RoleInvestigator) && !(a.System || a.SiteAdmin || a.Has(RoleProducer)) {
		return Errorf(EForbidden, "Only a producer or a site administrator can grant or revoke the role %s.", r.Title())
	}
	return nil
}

func checkRole(r Role) error {
	if !r.Valid() {
		return &Error{Code: EInvalid, Message: "role: unknown role; use one of " + strings.Join(RoleNames(), ", ") + ".",
			Fields: map[string]string{"role": "must be one of " + strings.Join(RoleNames(), ", ")}}
	}
	return nil
}

// armorerRoles returns the armorer's roles a person holds.
func armorerRoles(s *State, personID string) []Role {
	var out []Role
	for _, r := range []Role{RoleArmorer, RoleAssistantArmorer} {
		if s.Grant(personID, r) != nil {
			out = append(out, r)
		}
	}
	return out
}

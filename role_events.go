package setsafe

import "fmt"

func init() {
	register[RoleGranted](1, "Role given")
	register[RoleRevoked](1, "Role taken away")
}

// RoleGranted records that a person took on a role in the production.
type RoleGranted struct {
	PersonID string `json:"person_id"`
	Role     Role   `json:"role"`
}

// EventType implements Body.
func (*RoleGranted) EventType() string { return "role.granted" }

func (b *RoleGranted) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	if !b.Role.Valid() {
		return fmt.Errorf("unknown role %q", b.Role)
	}
	s.put(&RoleGrant{PersonID: b.PersonID, Role: b.Role, GrantedAt: e.Time, GrantedBy: e.Actor.String(), LastSeq: e.Seq})
	return nil
}

func (b *RoleGranted) refers() References {
	return References{People: named(b.PersonID)}
}

// escalation brings back every open concern when the role stands on a rung
// of the ladder.
func (b *RoleGranted) escalation(s *State) []EscalationUpdate {
	if !rungRole(b.Role) {
		return nil
	}
	return s.escalationUpdatesAll()
}

// RoleRevoked records that a person no longer holds a role.
type RoleRevoked struct {
	PersonID string `json:"person_id"`
	Role     Role   `json:"role"`
	Reason   string `json:"reason"`
}

// EventType implements Body.
func (*RoleRevoked) EventType() string { return "role.revoked" }

func (b *RoleRevoked) apply(s *State, e Event) error {
	g := s.Grant(b.PersonID, b.Role)
	if g == nil {
		return fmt.Errorf("person %s does not hold role %s", b.PersonID, b.Role)
	}
	s.remove(g)
	return nil
}

func (b *RoleRevoked) refers() References {
	return References{People: named(b.PersonID)}
}

// escalation looks again at every open concern when the role stood on a
// rung of the ladder.
func (b *RoleRevoked) escalation(s *State) []EscalationUpdate {
	if !rungRole(b.Role) {
		return nil
	}
	return s.escalationUpdatesAll()
}

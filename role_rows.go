package setsafe

import "time"

// The projection table of the roles people hold.
const tableRoleGrants = "role_grants"

func init() {
	rowTypes[tableRoleGrants] = func() Row { return new(RoleGrant) }
}

// RoleGrant is a role a person currently holds in a production.
type RoleGrant struct {
	PersonID  string    `db:"person_id,key" json:"person_id"`
	Role      Role      `db:"role,key" json:"role"`
	GrantedAt time.Time `db:"granted_us" json:"granted_at"`
	GrantedBy string    `db:"granted_by" json:"granted_by"`
	LastSeq   int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*RoleGrant) Table() string { return tableRoleGrants }

// Key implements Row.
func (g *RoleGrant) Key() string { return g.PersonID + "/" + string(g.Role) }

// RolesOf returns the roles a person holds, in the order of [Roles].
func (s *State) RolesOf(personID string) []Role {
	var out []Role
	for _, r := range Roles {
		if s.Row(tableRoleGrants, personID+"/"+string(r)) != nil {
			out = append(out, r)
		}
	}
	return out
}

// Grant returns the grant of role r to a person, or nil.
func (s *State) Grant(personID string, r Role) *RoleGrant {
	return lookup[*RoleGrant](s, tableRoleGrants, personID+"/"+string(r))
}

// Grants returns every current role grant, ordered by person and role.
func (s *State) Grants() []*RoleGrant { return all[*RoleGrant](s, tableRoleGrants) }

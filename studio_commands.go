package setsafe

import (
	"slices"
	"strings"
)

// GrantStudioAccess grants an account the studio's view across the
// productions listed, or all of them (AllProductions), in a capacity (the
// studio's safety department, an insurer): counts side by side, never a
// person's name or a concern's words. Site administrators grant it.
type GrantStudioAccess struct {
	AccountID   string
	Capacity    string
	Productions []string
}

// Authorize implements Command.
func (c GrantStudioAccess) Authorize(a Access, _ *State) error { return a.Require(PermManageAccounts) }

// Decide implements Command.
func (c GrantStudioAccess) Decide(s *State, d Decision) (Outcome, error) {
	acc, err := existingAccount(s, c.AccountID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	OneOf(p, "capacity", c.Capacity, StudioCapacities)
	var prods []string
	for _, id := range c.Productions {
		id = strings.TrimSpace(id)
		switch {
		case id == AllProductions && len(c.Productions) > 1:
			p.Add("productions", "%q stands alone: it names every production", AllProductions)
		case id != AllProductions && s.RegisteredProduction(id) == nil:
			p.Add("productions", "%q is not a production on this site", id)
		case !slices.Contains(prods, id):
			prods = append(prods, id)
		}
	}
	if len(prods) == 0 {
		p.Add("productions", "name at least one production, or %q for all of them", AllProductions)
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	slices.Sort(prods)
	if v := s.StudioAccessOf(acc.ID); v != nil && v.Capacity == c.Capacity && v.Productions == strings.Join(prods, " ") {
		return Outcome{}, nil // granted so already
	}
	return one(&StudioAccessGranted{AccountID: acc.ID, Capacity: c.Capacity, Productions: prods}), nil
}

// RevokeStudioAccess takes an account's studio view away, with the reason.
type RevokeStudioAccess struct {
	AccountID string
	Reason    string
}

// Authorize implements Command.
func (c RevokeStudioAccess) Authorize(a Access, _ *State) error { return a.Require(PermManageAccounts) }

// Decide implements Command.
func (c RevokeStudioAccess) Decide(s *State, d Decision) (Outcome, error) {
	acc, err := existingAccount(s, c.AccountID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.StudioAccessOf(acc.ID) == nil {
		return Outcome{}, nil // none to take away
	}
	return one(&StudioAccessRevoked{AccountID: acc.ID, Reason: reason}), nil
}

package setsafe

import (
	"slices"
	"strings"
	"time"
)

// The projection table of the studio's view across productions.
const tableStudioAccess = "studio_access"

func init() {
	rowTypes[tableStudioAccess] = func() Row { return new(StudioAccess) }
}

// Capacities in which an account sees across productions.
const (
	// StudioSafety is the studio's safety department.
	StudioSafety = "studio_safety"
	// StudioInsurer is the production's insurer.
	StudioInsurer = "insurer"
)

// StudioCapacities lists the capacities of a studio view.
var StudioCapacities = []string{StudioSafety, StudioInsurer}

// AllProductions, as the productions of a studio view, names every
// production on the site, now and later.
const AllProductions = "*"

// StudioAccess is an account's view across the productions the studio
// granted it: their dashboards side by side, counts only, never a
// person's name or a concern's words.
type StudioAccess struct {
	AccountID string `db:"account_id,key" json:"account_id"`
	Capacity  string `db:"capacity" json:"capacity"`
	// Productions are the production IDs it spans, separated by spaces,
	// or AllProductions.
	Productions string    `db:"productions" json:"-"`
	GrantedBy   string    `db:"granted_by" json:"granted_by"`
	GrantedAt   time.Time `db:"granted_us" json:"granted_at"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*StudioAccess) Table() string { return tableStudioAccess }

// Key implements Row.
func (a *StudioAccess) Key() string { return a.AccountID }

// StudioAccessOf returns an account's studio view, or nil.
func (s *State) StudioAccessOf(accountID string) *StudioAccess {
	return lookup[*StudioAccess](s, tableStudioAccess, accountID)
}

// StudioAccesses returns every studio view granted, by account.
func (s *State) StudioAccesses() []*StudioAccess { return all[*StudioAccess](s, tableStudioAccess) }

// StudioProductions returns the productions an account's studio view
// spans now, sorted; none without one, or when its account is disabled.
func (s *State) StudioProductions(accountID string) []string {
	v := s.StudioAccessOf(accountID)
	if a := s.Account(accountID); v == nil || a == nil || a.Disabled {
		return nil
	}
	if v.Productions == AllProductions {
		out := []string{}
		each(s, tableRegisteredProduction, func(p *RegisteredProduction) { out = append(out, p.ID) })
		slices.Sort(out)
		return out
	}
	return strings.Fields(v.Productions)
}

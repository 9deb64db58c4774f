package gate

import (
	"slices"
	"time"
)

// PermissionKind is a kind of permission a hazard needs from outside the
// production: a location owner's, an authority's or a railroad's.
type PermissionKind struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Source says where the need comes from.
	Source string `json:"source"`
}

// PermissionKinds lists the permissions hazards need.
var PermissionKinds = []PermissionKind{
	{ID: "fire_permit", Name: "fire department permit", Source: "SB16, SB19; the local fire authority's permit for pyrotechnics and open flames"},
	{ID: "road_closure", Name: "road closure permit", Source: "SB8; the road authority's permit for picture vehicles on a public road"},
	{ID: "waterway", Name: "permission of the harbour or water's owner", Source: "SB17"},
	{ID: "track_access", Name: "railroad's written permission for track access", Source: "SB28: written permission from the railroad before any work on or near its tracks"},
	{ID: "aviation_waiver", Name: "aviation authority's waiver or authorisation", Source: "SB11; 14 CFR Part 107 waivers and 14 CFR 91.119 exemptions in the US"},
	{ID: "animal_permit", Name: "animal permit", Source: "SB6; the permits the animals' species and the location require"},
}

// FindPermissionKind returns the kind of permission with the given ID.
func FindPermissionKind(id string) (PermissionKind, bool) {
	i := slices.IndexFunc(PermissionKinds, func(k PermissionKind) bool { return k.ID == id })
	if i < 0 {
		return PermissionKind{}, false
	}
	return PermissionKinds[i], true
}

// Permission is a permission on record, granted or refused by its issuer.
type Permission struct {
	ID   string
	Kind string
	// Issuer is who granted or refused it, such as "Union Pacific
	// Railroad".
	Issuer string
	// Refused is true for a refusal; Reason says the issuer's reason.
	Refused bool
	Reason  string
	// From and Until are when it is in force; zero From is at once.
	From, Until time.Time
	// SetUps are the set-ups it covers; none covers every set-up at
	// Location, or every set-up when Location is "" too.
	SetUps   []string
	Location string
	// Recorded is when it was recorded: a later record of the same kind
	// for a set-up outweighs an earlier one.
	Recorded time.Time
}

// Covers says whether the permission covers a set-up.
func (p Permission) Covers(u *SetUp) bool {
	if len(p.SetUps) > 0 {
		return slices.Contains(p.SetUps, u.ID)
	}
	return p.Location == "" || p.Location == u.Location
}

// InForce says whether a granted permission is in force at t.
func (p Permission) InForce(t time.Time) bool {
	return !p.Refused && !t.Before(p.From) && (p.Until.IsZero() || t.Before(p.Until))
}

// checkHazardPermissions checks that each permission the hazard needs is
// granted, in force and covers the set-up, with no later refusal.
func checkHazardPermissions(c *decision, h Hazard) {
	for _, kind := range c.s.Rules.NeedsOf(h).Permissions {
		k, _ := FindPermissionKind(kind)
		var last, inForce, granted *Permission
		for i := range c.s.Permissions {
			p := &c.s.Permissions[i]
			if p.Kind != kind || !p.Covers(c.a.SetUp) || p.Recorded.After(c.s.Now) {
				continue
			}
			if last == nil || !p.Recorded.Before(last.Recorded) {
				last = p
			}
			if !p.Refused {
				granted = p
				if p.InForce(c.s.Now) && (inForce == nil || !p.Recorded.Before(inForce.Recorded)) {
					inForce = p
				}
			}
		}
		switch {
		case last != nil && last.Refused:
			c.fail("%s refused the %s for %s (%s); it waits until a new one is granted", last.Issuer, Word(k.Name), c.a.SetUp.Name, last.Reason)
		case inForce != nil:
		case granted != nil:
			c.fail("The %s from %s for %s is in force %s; it is not in force now", Word(k.Name), granted.Issuer, c.a.SetUp.Name, c.window(granted.From, granted.Until))
		default:
			c.fail("%s has %s but no %s covering it is on record", c.a.SetUp.Name, Word(h.Name), Word(k.Name))
		}
	}
}

// window says a span of time as the set's clock shows it.
func (c *decision) window(from, until time.Time) Window {
	w := Window{From: from, Until: until}
	if c.s.Zone != nil {
		if !from.IsZero() {
			w.From = from.In(c.s.Zone)
		}
		if !until.IsZero() {
			w.Until = until.In(c.s.Zone)
		}
	}
	return w
}

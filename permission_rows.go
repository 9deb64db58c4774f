package setsafe

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of the permissions hazards need.
const tableHazardPermissions = "hazard_permissions"

func init() {
	rowTypes[tableHazardPermissions] = func() Row { return new(HazardPermission) }
}

// permissionsOnRecord groups the permissions not withdrawn: the few the
// gate reads.
var permissionsOnRecord = addIndex(tableHazardPermissions, func(r Row) (string, bool) { return "", !r.(*HazardPermission).Withdrawn })

// HazardPermission is a permission a hazard needs from outside the
// production, granted or refused by its issuer (see gate.PermissionKinds).
type HazardPermission struct {
	ID            string `db:"id,key" json:"id"`
	Kind          string `db:"kind" json:"kind"`
	Issuer        string `db:"issuer" json:"issuer"`
	IssuerContact string `db:"issuer_contact" json:"issuer_contact,omitempty"`
	Reference     string `db:"reference" json:"reference,omitempty"`
	// Refused marks a refusal, with the issuer's Reason.
	Refused    bool      `db:"refused" json:"refused"`
	Reason     string    `db:"reason" json:"reason,omitempty"`
	ValidFrom  time.Time `db:"valid_from_us" json:"valid_from,omitzero"`
	ValidUntil time.Time `db:"valid_until_us" json:"valid_until,omitzero"`
	// SetUps are the IDs of the set-ups it covers, space-separated; none
	// covers every set-up at LocationID.
	SetUps     string `db:"setup_ids" json:"-"`
	LocationID string `db:"location_id" json:"location_id,omitempty"`
	Area       string `db:"area" json:"area,omitempty"`
	// File is the SHA-256 of its latest document, or "".
	File            string    `db:"file" json:"file_id,omitempty"`
	RecordedAt      time.Time `db:"recorded_us" json:"recorded_at"`
	RecordedSeq     int64     `db:"recorded_seq" json:"recorded_seq"`
	Withdrawn       bool      `db:"withdrawn" json:"withdrawn"`
	WithdrawnReason string    `db:"withdrawn_reason" json:"withdrawn_reason,omitempty"`
	WithdrawnAt     time.Time `db:"withdrawn_us" json:"withdrawn_at,omitzero"`
	LastSeq         int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*HazardPermission) Table() string { return tableHazardPermissions }

// Key implements Row.
func (p *HazardPermission) Key() string { return p.ID }

// SetUpList returns the IDs of the set-ups it names.
func (p *HazardPermission) SetUpList() []string { return strings.Fields(p.SetUps) }

// States of a permission on record, as StateAt says them.
const (
	PermissionStateInForce   = "in_force"
	PermissionStateNotYet    = "not_yet"
	PermissionStateExpired   = "expired"
	PermissionStateRefused   = "refused"
	PermissionStateWithdrawn = "withdrawn"
)

// StateAt says where the permission stands at t: in force, not yet in
// force, expired, refused or withdrawn.
func (p *HazardPermission) StateAt(t time.Time) string {
	switch {
	case p.Withdrawn:
		return PermissionStateWithdrawn
	case p.Refused:
		return PermissionStateRefused
	case t.Before(p.ValidFrom):
		return PermissionStateNotYet
	case !p.ValidUntil.IsZero() && !t.Before(p.ValidUntil):
		return PermissionStateExpired
	}
	return PermissionStateInForce
}

// Covers says whether the permission covers the set-up.
func (p *HazardPermission) Covers(u *SetUp) bool { return p.gate().Covers(u.gate()) }

// gate returns the permission as the gate reads it.
func (p *HazardPermission) gate() gate.Permission {
	return gate.Permission{ID: p.ID, Kind: p.Kind, Issuer: p.Issuer, Refused: p.Refused, Reason: p.Reason,
		From: p.ValidFrom, Until: p.ValidUntil, SetUps: p.SetUpList(), Location: p.LocationID, Recorded: p.RecordedAt}
}

// Permissions returns every permission on record, withdrawn or not,
// ordered by ID.
func (s *State) Permissions() []*HazardPermission {
	return all[*HazardPermission](s, tableHazardPermissions)
}

// HazardPermission returns the permission with the given ID, or nil.
func (s *State) HazardPermission(id string) *HazardPermission {
	if id == "" {
		return nil
	}
	return lookup[*HazardPermission](s, tableHazardPermissions, id)
}

// PermissionsOnRecord returns the permissions granted or refused and not
// withdrawn, in the order they were recorded.
func (s *State) PermissionsOnRecord() []*HazardPermission {
	out := grouped[*HazardPermission](s, permissionsOnRecord, "")
	slices.SortFunc(out, func(a, b *HazardPermission) int { return cmp.Compare(a.RecordedSeq, b.RecordedSeq) })
	return out
}

// addPermissions gives the gate the permissions on record.
func (s *State) addPermissions(sit *gate.Situation) {
	for _, p := range s.PermissionsOnRecord() {
		sit.Permissions = append(sit.Permissions, p.gate())
	}
}

package http

import (
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// LocationRequest adds a place the production shoots at.
type LocationRequest struct {
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
}

// Command is the location added, with a new ID.
func (req LocationRequest) Command() setsafe.AddLocation {
	return setsafe.AddLocation{ID: setsafe.NewID(), Name: req.Name, Address: req.Address}
}

// LocationsView lists the production's locations.
type LocationsView struct {
	Locations []*setsafe.Location `json:"locations"`
}

// PlaceRequest places a set-up at a location.
type PlaceRequest struct {
	LocationID string `json:"location_id"`
}

// PermissionRequest records a permission a hazard needs, as its issuer
// granted it. ValidFrom (optional) and ValidUntil are RFC 3339 times or
// YYYY-MM-DD days on the set's clock. It covers the set-ups SetUpIDs
// names, or every set-up at LocationID. Its document is sent after, to
// the permission's document route.
type PermissionRequest struct {
	Kind          string   `json:"kind"`
	Issuer        string   `json:"issuer"`
	IssuerContact string   `json:"issuer_contact,omitempty"`
	Reference     string   `json:"reference,omitempty"`
	ValidFrom     string   `json:"valid_from,omitempty"`
	ValidUntil    string   `json:"valid_until"`
	SetUpIDs      []string `json:"setup_ids,omitempty"`
	LocationID    string   `json:"location_id,omitempty"`
	Area          string   `json:"area,omitempty"`
}

// Command is the permission granted, with a new ID.
func (req PermissionRequest) Command() setsafe.GrantPermission {
	return setsafe.GrantPermission{ID: setsafe.NewID(), Kind: req.Kind, Issuer: req.Issuer, IssuerContact: req.IssuerContact,
		Reference: req.Reference, ValidFrom: req.ValidFrom, ValidUntil: req.ValidUntil, SetUpIDs: req.SetUpIDs,
		LocationID: req.LocationID, Area: req.Area}
}

// RefusalRequest records that an issuer refused a permission, with their
// reason.
type RefusalRequest struct {
	Kind       string   `json:"kind"`
	Issuer     string   `json:"issuer"`
	Reference  string   `json:"reference,omitempty"`
	Reason     string   `json:"reason"`
	SetUpIDs   []string `json:"setup_ids,omitempty"`
	LocationID string   `json:"location_id,omitempty"`
}

// Command is the refusal recorded, with a new ID.
func (req RefusalRequest) Command() setsafe.RefusePermission {
	return setsafe.RefusePermission{ID: setsafe.NewID(), Kind: req.Kind, Issuer: req.Issuer, Reference: req.Reference,
		Reason: req.Reason, SetUpIDs: req.SetUpIDs, LocationID: req.LocationID}
}

// PermissionView is a permission on record and where it stands now: one
// of in_force, not_yet, expired, refused or withdrawn.
type PermissionView struct {
	setsafe.HazardPermission
	KindName string   `json:"kind_name"`
	SetUpIDs []string `json:"setup_ids"`
	State    string   `json:"state"`
}

// NewPermissionView returns the view of a permission at now.
func NewPermissionView(p *setsafe.HazardPermission, now time.Time) PermissionView {
	k, _ := gate.FindPermissionKind(p.Kind)
	ids := p.SetUpList()
	if ids == nil {
		ids = []string{}
	}
	return PermissionView{HazardPermission: *p, KindName: k.Name, SetUpIDs: ids, State: p.StateAt(now)}
}

// PermissionsView lists the permissions on record, withdrawn ones too,
// in the order they were recorded.
type PermissionsView struct {
	Permissions []PermissionView `json:"permissions"`
	// Kinds are the kinds of permission hazards need.
	Kinds []gate.PermissionKind `json:"kinds"`
}

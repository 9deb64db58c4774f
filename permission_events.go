package setsafe

import (
	"fmt"
	"strings"
	"time"
)

func init() {
	register[PermissionGranted](1, "Permission granted")
	register[PermissionRefused](1, "Permission refused")
	register[PermissionWithdrawn](1, "Permission record withdrawn")
}

// PermissionGranted records a permission a hazard needs from outside the
// production, granted by its issuer: a fire department's permit, a
// railroad's written permission for track access. It covers the set-ups
// it names, or every set-up at its location, from ValidFrom (zero: at
// once) until ValidUntil.
type PermissionGranted struct {
	ID string `json:"id"`
	// Kind is one of gate.PermissionKinds.
	Kind string `json:"kind"`
	// Issuer is the organisation that granted it; IssuerContact who to
	// call there; Reference their number for it.
	Issuer        string    `json:"issuer"`
	IssuerContact string    `json:"issuer_contact,omitempty"`
	Reference     string    `json:"reference,omitempty"`
	ValidFrom     time.Time `json:"valid_from,omitzero"`
	ValidUntil    time.Time `json:"valid_until"`
	SetUpIDs      []string  `json:"setup_ids,omitempty"`
	LocationID    string    `json:"location_id,omitempty"`
	// Area describes the area it covers in the issuer's words, for
	// people to read.
	Area string `json:"area,omitempty"`
	// File is the SHA-256 of the document, attached with it, or "".
	File string `json:"file_id,omitempty"`
}

// EventType implements Body.
func (*PermissionGranted) EventType() string { return "permission.granted" }

func (b *PermissionGranted) apply(s *State, e Event) error {
	if err := checkPermissionCover(s, b.ID, b.SetUpIDs, b.LocationID); err != nil {
		return err
	}
	s.put(&HazardPermission{ID: b.ID, Kind: b.Kind, Issuer: b.Issuer, IssuerContact: b.IssuerContact, Reference: b.Reference,
		ValidFrom: b.ValidFrom, ValidUntil: b.ValidUntil, SetUps: strings.Join(b.SetUpIDs, " "), LocationID: b.LocationID, Area: b.Area,
		File: b.File, RecordedAt: e.Time, RecordedSeq: e.Seq, LastSeq: e.Seq})
	return nil
}

func (b *PermissionGranted) refers() References { return References{} }

// PermissionRefused records that an issuer refused a permission a hazard
// needs, with their reason: the set-ups it would have covered wait until a
// later grant.
type PermissionRefused struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Issuer     string   `json:"issuer"`
	Reference  string   `json:"reference,omitempty"`
	Reason     string   `json:"reason"`
	SetUpIDs   []string `json:"setup_ids,omitempty"`
	LocationID string   `json:"location_id,omitempty"`
}

// EventType implements Body.
func (*PermissionRefused) EventType() string { return "permission.refused" }

func (b *PermissionRefused) apply(s *State, e Event) error {
	if err := checkPermissionCover(s, b.ID, b.SetUpIDs, b.LocationID); err != nil {
		return err
	}
	s.put(&HazardPermission{ID: b.ID, Kind: b.Kind, Issuer: b.Issuer, Reference: b.Reference, Refused: true, Reason: b.Reason,
		SetUps: strings.Join(b.SetUpIDs, " "), LocationID: b.LocationID, RecordedAt: e.Time, RecordedSeq: e.Seq, LastSeq: e.Seq})
	return nil
}

func (b *PermissionRefused) refers() References { return References{} }

// PermissionWithdrawn takes back a permission or refusal recorded by
// mistake; its entry corrects the one that recorded it. The gate no longer
// reads it; the ledger keeps both.
type PermissionWithdrawn struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// EventType implements Body.
func (*PermissionWithdrawn) EventType() string { return "permission.withdrawn" }

func (b *PermissionWithdrawn) apply(s *State, e Event) error {
	p := s.HazardPermission(b.ID)
	if p == nil {
		return fmt.Errorf("permission %s does not exist", b.ID)
	}
	next := *p
	next.Withdrawn, next.WithdrawnReason, next.WithdrawnAt, next.LastSeq = true, b.Reason, e.Time, e.Seq
	s.put(&next)
	return nil
}

func (b *PermissionWithdrawn) refers() References { return References{} }

// checkPermissionCover checks, as an event applies, that a new permission
// record's ID is free and that what it covers exists.
func checkPermissionCover(s *State, id string, setUps []string, location string) error {
	if s.HazardPermission(id) != nil {
		return fmt.Errorf("permission %s exists already", id)
	}
	for _, u := range setUps {
		if s.SetUp(u) == nil {
			return fmt.Errorf("set-up %s does not exist", u)
		}
	}
	if location != "" && s.Location(location) == nil {
		return fmt.Errorf("location %s does not exist", location)
	}
	return nil
}

package setsafe

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// GrantPermission records a permission a hazard needs from outside the
// production, as its issuer granted it, with the document when there is
// one. Those who record permissions (the location manager, the safety
// coordinator, producers) record it.
type GrantPermission struct {
	ID            string
	Kind          string
	Issuer        string
	IssuerContact string
	Reference     string
	// ValidFrom (optional: at once) and ValidUntil are RFC 3339 times or
	// YYYY-MM-DD days on the set's clock: a day From starts in the
	// morning, a day Until ends at midnight.
	ValidFrom  string
	ValidUntil string
	// SetUpIDs are the set-ups it covers; or LocationID, every set-up at
	// that location.
	SetUpIDs   []string
	LocationID string
	Area       string
	// Document is the permission itself (a PDF, or a photo of it), or nil.
	Document *File
}

// Authorize implements Command.
func (c GrantPermission) Authorize(a Access, _ *State) error { return a.Require(PermRecordPermissions) }

// Decide implements Command.
func (c GrantPermission) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	loc := s.location()
	b := &PermissionGranted{ID: c.ID, Kind: checkPermissionKind(p, c.Kind),
		Issuer:        CleanText(p, "issuer", c.Issuer, MaxNameLength, true),
		IssuerContact: CleanText(p, "issuer_contact", c.IssuerContact, MaxNameLength, false),
		Reference:     CleanText(p, "reference", c.Reference, MaxShortText, false),
		ValidFrom:     checkValidity(p, "valid_from", c.ValidFrom, loc, false, false),
		ValidUntil:    checkValidity(p, "valid_until", c.ValidUntil, loc, true, true),
		Area:          CleanText(p, "area", c.Area, MaxReasonLength, false)}
	if !b.ValidFrom.IsZero() && !b.ValidUntil.IsZero() && !b.ValidUntil.After(b.ValidFrom) {
		p.Add("valid_until", "must be after valid_from")
	}
	b.SetUpIDs, b.LocationID = checkPermissionCovers(p, s, c.SetUpIDs, c.LocationID)
	out := Outcome{}
	if c.Document != nil {
		checkDocument(p, *c.Document)
		b.File = c.Document.SHA256
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.HazardPermission(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Permission %s exists already.", c.ID)
	}
	out.Events = append(out.Events, Draft{Body: b})
	if c.Document != nil {
		out.Events = append(out.Events, Draft{Body: &FileAttached{Subject: SubjectHazardPermission, SubjectID: c.ID, File: c.Document.SHA256,
			ContentType: c.Document.ContentType, Size: int64(len(c.Document.Data)), Caption: "Permission document"}})
		out.Files = append(out.Files, *c.Document)
	}
	return out, nil
}

// RefusePermission records that an issuer refused a permission a hazard
// needs, with their reason: what it would have covered waits until a later
// grant.
type RefusePermission struct {
	ID         string
	Kind       string
	Issuer     string
	Reference  string
	Reason     string
	SetUpIDs   []string
	LocationID string
}

// Authorize implements Command.
func (c RefusePermission) Authorize(a Access, _ *State) error {
	return a.Require(PermRecordPermissions)
}

// Decide implements Command.
func (c RefusePermission) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	b := &PermissionRefused{ID: c.ID, Kind: checkPermissionKind(p, c.Kind),
		Issuer:    CleanText(p, "issuer", c.Issuer, MaxNameLength, true),
		Reference: CleanText(p, "reference", c.Reference, MaxShortText, false),
		Reason:    CleanReason(p, "reason", c.Reason, true)}
	b.SetUpIDs, b.LocationID = checkPermissionCovers(p, s, c.SetUpIDs, c.LocationID)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.HazardPermission(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Permission %s exists already.", c.ID)
	}
	return one(b), nil
}

// WithdrawPermission takes back a permission or refusal recorded by
// mistake, with the reason; its entry corrects the one that recorded it.
// A permission that ends or is refused later is recorded as such, not
// withdrawn.
type WithdrawPermission struct {
	ID     string
	Reason string
}

// Authorize implements Command.
func (c WithdrawPermission) Authorize(a Access, _ *State) error {
	return a.Require(PermRecordPermissions)
}

// Decide implements Command.
func (c WithdrawPermission) Decide(s *State, d Decision) (Outcome, error) {
	pm := s.HazardPermission(c.ID)
	if pm == nil {
		return Outcome{}, Errorf(ENotFound, "There is no permission %s in this production.", c.ID)
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if pm.Withdrawn {
		return Outcome{}, nil
	}
	return Outcome{Events: []Draft{{Body: &PermissionWithdrawn{ID: c.ID, Reason: reason}, Corrects: pm.RecordedSeq}}}, nil
}

// checkPermissionKind checks that kind is one of gate.PermissionKinds.
func checkPermissionKind(p Problems, kind string) string {
	kind = strings.TrimSpace(kind)
	if _, ok := gate.FindPermissionKind(kind); !ok {
		ids := make([]string, len(gate.PermissionKinds))
		for i, k := range gate.PermissionKinds {
			ids[i] = k.ID
		}
		p.Add("kind", "must be one of %s", strings.Join(ids, ", "))
	}
	return kind
}

// checkValidity reads when a permission starts or ends: an RFC 3339 time,
// or a YYYY-MM-DD day on the set's clock (loc) that starts at its
// beginning, or, for an end, at the beginning of the next day.
func checkValidity(p Problems, field, text string, loc *time.Location, required, end bool) time.Time {
	text = strings.TrimSpace(text)
	if text == "" {
		if required {
			p.Add(field, "is required: say until when it is in force (RFC 3339 or YYYY-MM-DD)")
		}
		return time.Time{}
	}
	if at, err := readMoment(text, loc); err == nil {
		return LedgerTime(at)
	}
	day, err := time.ParseInLocation(time.DateOnly, text, loc)
	if err != nil {
		p.Add(field, "must be a time in RFC 3339, such as 2026-12-04T06:00:00-07:00, or a day written YYYY-MM-DD on the set's clock")
		return time.Time{}
	}
	if end {
		day = day.AddDate(0, 0, 1)
	}
	return LedgerTime(day)
}

// checkPermissionCovers checks what a permission covers: set-ups of this
// production, or a location of it, one or the other.
func checkPermissionCovers(p Problems, s *State, setUps []string, location string) ([]string, string) {
	var ids []string
	for _, id := range setUps {
		id = strings.TrimSpace(id)
		if id == "" || slices.Contains(ids, id) {
			continue
		}
		if s.SetUp(id) == nil {
			p.Add("setup_ids", "must name set-ups of this production; there is no set-up %s", id)
			return nil, ""
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	location = strings.TrimSpace(location)
	switch {
	case len(ids) == 0 && location == "":
		p.Add("setup_ids", "must say which set-ups it covers, or give location_id for every set-up at a location")
	case len(ids) > 0 && location != "":
		p.Add("location_id", "must be left out when setup_ids names the set-ups it covers; give one or the other")
	case location != "" && s.Location(location) == nil:
		p.Add("location_id", "must name a location of this production; add the location first")
	}
	return ids, location
}

// checkDocument checks a permission's document as an attached file.
func checkDocument(p Problems, f File) {
	if !CheckFile(p, f, false) && NewFile(f.ContentType, f.Data).SHA256 != f.SHA256 {
		p.Add("file", "does not match its hash; send the file again")
	}
}

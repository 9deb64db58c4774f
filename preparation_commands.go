package setsafe

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// RecordPreparation records a preparation a set-up's hazards need, made by
// someone qualified to make it (see gate.PreparationKinds), with exactly
// the facts its kind states: a document, a window, a limit and a reading,
// or a count. The latest record of a kind for the set-up decides.
type RecordPreparation struct {
	ID      string
	Kind    string
	SetUpID string
	Ready   bool
	Notes   string
	// FileID names a document already attached to the set-up, by its
	// SHA-256; Document is one attached with the record. A kind with a
	// document takes one or the other.
	FileID   string
	Document *File
	// WindowFrom and WindowUntil are RFC 3339, or YYYY-MM-DDTHH:MM on the
	// set's clock.
	WindowFrom, WindowUntil string
	ConfirmedBy             string
	Limit, Reading          *float64
	Count                   int64
	// OccurredAt is when it was done, if not just now.
	OccurredAt string
	// By is the person who made it, for the operator at the command line.
	By string
}

// Authorize implements Command: only those holding a duty that records
// the kind may record it.
func (c RecordPreparation) Authorize(a Access, _ *State) error {
	if err := a.Require(PermTakePart); err != nil {
		return err
	}
	k, ok := gate.FindPreparationKind(c.Kind)
	if !ok || a.System || slices.ContainsFunc(k.RecordedBy, func(d string) bool { return a.Has(Role(d)) }) {
		return nil // an unknown kind is refused as invalid
	}
	return Errorf(EForbidden, "Only the %s records the %s; none of your roles here is one of them.", recorders(k), k.Name)
}

// CanRecordPreparation reports whether the access may record a kind of
// preparation.
func CanRecordPreparation(a Access, kind string) bool {
	_, ok := gate.FindPreparationKind(kind)
	return ok && (RecordPreparation{Kind: kind}).Authorize(a, nil) == nil
}

// recorders names the roles that record a kind, as people say them.
func recorders(k gate.PreparationKind) string {
	names := make([]string, len(k.RecordedBy))
	for i, d := range k.RecordedBy {
		names[i] = strings.ToLower(Role(d).Title())
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Decide implements Command.
func (c RecordPreparation) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	k, ok := gate.FindPreparationKind(c.Kind)
	if !ok {
		ids := make([]string, len(gate.PreparationKinds))
		for i, k := range gate.PreparationKinds {
			ids[i] = k.ID
		}
		p.Add("kind", "must be one of %s", strings.Join(ids, ", "))
		return Outcome{}, p.Err()
	}
	if d.Access.System && !slices.ContainsFunc(k.RecordedBy, func(r string) bool { return slices.Contains(s.RolesOf(by), Role(r)) }) {
		p.Add("by", "must be a person who records the %s: the %s", k.Name, recorders(k))
	}
	u := s.SetUp(c.SetUpID)
	if u == nil {
		return Outcome{}, Errorf(ENotFound, "There is no set-up %s.", c.SetUpID)
	}
	today := s.Day(d.Now)
	if u.Day < today {
		return Outcome{}, Errorf(EConflict, "%s was planned for %s; today is %s: preparations are for today's set-ups or later ones.", u.Name, u.Day, today)
	}
	if !needsPreparation(s, u, k.ID) {
		p.Add("kind", "is not needed by %s: its hazards need %s", u.Name, orNone(preparationsNeeded(s, u)))
	}
	loc := s.location()
	b := &PreparationRecorded{ID: c.ID, Kind: k.ID, SetUpID: u.ID, By: by, Ready: c.Ready,
		Notes:      CleanReason(p, "notes", c.Notes, false),
		OccurredAt: CheckOccurred(p, "occurred_at", c.OccurredAt, d.Now, loc, false)}
	var out Outcome
	b.FileID, out = c.document(p, s, k)
	c.window(p, b, k, loc)
	c.measure(p, b, k)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.Preparation(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Preparation %s exists already.", c.ID)
	}
	out.Events = append(out.Events, Draft{Body: b})
	return out, nil
}

// document checks the document of a kind that takes one, and returns its
// file and the entry that attaches it to the set-up when it comes with the
// record.
func (c RecordPreparation) document(p Problems, s *State, k gate.PreparationKind) (string, Outcome) {
	switch {
	case !k.Document:
		if c.FileID != "" || c.Document != nil {
			p.Add("file_id", "is not taken by the %s, which has no document", k.Name)
		}
		return "", Outcome{}
	case c.Document != nil && c.FileID != "":
		p.Add("file_id", "must be left out when the document comes with the record")
		return "", Outcome{}
	case c.Document != nil:
		if !CheckFile(p, *c.Document, false) {
			p.Add("file", "must be the document's whole bytes, a PDF or a photo")
			return "", Outcome{}
		}
		if lookup[*Attachment](s, tableAttachments, SubjectSetUp+"/"+c.SetUpID+"/"+c.Document.SHA256) != nil {
			return c.Document.SHA256, Outcome{}
		}
		f := *c.Document
		return f.SHA256, Outcome{Files: []File{f}, Events: []Draft{{Body: &FileAttached{Subject: SubjectSetUp, SubjectID: c.SetUpID,
			File: f.SHA256, ContentType: f.ContentType, Size: int64(len(f.Data)), Caption: k.Name}}}}
	case c.FileID == "":
		p.Add("file_id", "is required: attach the %s to the set-up and give its file_id", k.Name)
	case lookup[*Attachment](s, tableAttachments, SubjectSetUp+"/"+c.SetUpID+"/"+c.FileID) == nil:
		p.Add("file_id", "must name a document attached to this set-up; attach it first")
	}
	return c.FileID, Outcome{}
}

// window checks the window of a kind that holds for a span of time.
func (c RecordPreparation) window(p Problems, b *PreparationRecorded, k gate.PreparationKind, loc *time.Location) {
	if !k.Window {
		for field, v := range map[string]string{"window_from": c.WindowFrom, "window_until": c.WindowUntil, "confirmed_by": c.ConfirmedBy} {
			if strings.TrimSpace(v) != "" {
				p.Add(field, "is not taken by the %s, which holds no window of time", k.Name)
			}
		}
		return
	}
	b.WindowFrom = parseMoment(p, "window_from", c.WindowFrom, loc)
	b.WindowUntil = parseMoment(p, "window_until", c.WindowUntil, loc)
	b.ConfirmedBy = CleanText(p, "confirmed_by", c.ConfirmedBy, MaxNameLength, true)
	if !b.WindowFrom.IsZero() && !b.WindowUntil.IsZero() && !b.WindowUntil.After(b.WindowFrom) {
		p.Add("window_until", "must be after window_from")
	}
}

// measure checks the limit and reading, or the count, of a kind that
// states them.
func (c RecordPreparation) measure(p Problems, b *PreparationRecorded, k gate.PreparationKind) {
	if k.Limit {
		for field, v := range map[string]*float64{"limit": c.Limit, "reading": c.Reading} {
			switch {
			case v == nil:
				p.Add(field, "is required, in %s", k.Unit)
			case *v < 0 || *v != *v || *v > 1e6:
				p.Add(field, "must be a number from 0 to 1000000, in %s", k.Unit)
			}
		}
		b.Limit, b.Reading = c.Limit, c.Reading
	} else {
		if c.Limit != nil {
			p.Add("limit", "is not taken by the %s, which states no limit", k.Name)
		}
		if c.Reading != nil {
			p.Add("reading", "is not taken by the %s, which states no reading", k.Name)
		}
	}
	switch {
	case k.Count && (c.Count < 1 || c.Count > 100000):
		p.Add("count", "must be a whole number from 1 to 100000")
	case !k.Count && c.Count != 0:
		p.Add("count", "is not taken by the %s, which counts nothing", k.Name)
	}
	b.Count = c.Count
}

// parseMoment reads a time given in RFC 3339, or YYYY-MM-DDTHH:MM on the
// set's clock; it is required.
func parseMoment(p Problems, field, text string, loc *time.Location) time.Time {
	text = strings.TrimSpace(text)
	if text == "" {
		p.Add(field, "is required, as a date and time such as 2021-10-21T14:00 on the set's clock")
		return time.Time{}
	}
	at, err := readMoment(text, loc)
	if err != nil {
		p.Add(field, "must be a date and time in RFC 3339, such as 2021-10-21T14:00:00-06:00, or YYYY-MM-DDTHH:MM on the set's clock")
		return time.Time{}
	}
	return LedgerTime(at)
}

// preparationsNeeded returns the kinds of preparation a set-up's hazards
// need under the production's rules, each once.
func preparationsNeeded(s *State, u *SetUp) []string {
	rules, err := s.SafetyRules()
	if err != nil {
		return nil
	}
	var out []string
	for _, id := range u.HazardList() {
		h, ok := gate.FindHazard(id)
		if !ok {
			continue
		}
		for _, k := range rules.NeedsOf(h).Preparations {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

func needsPreparation(s *State, u *SetUp, kind string) bool {
	return slices.Contains(preparationsNeeded(s, u), kind)
}

// PreparationsNeeded returns the kinds of preparation a set-up's hazards
// need, in the order of gate.PreparationKinds.
func (s *State) PreparationsNeeded(setupID string) []gate.PreparationKind {
	u := s.SetUp(setupID)
	if u == nil {
		return nil
	}
	need := preparationsNeeded(s, u)
	var out []gate.PreparationKind
	for _, k := range gate.PreparationKinds {
		if slices.Contains(need, k.ID) {
			out = append(out, k)
		}
	}
	return out
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

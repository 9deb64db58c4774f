package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// Details are what an incident's record says, as someone fills it in: on
// opening, and again to correct it.
type Details struct {
	Kind     string
	Severity string
	// CouldHaveBeenFatal marks what did little harm but could have killed.
	CouldHaveBeenFatal bool
	Description        string
	ImmediateAction    string
	// OccurredAt is when it happened, in RFC 3339 or as
	// setsafe.OccurredLayout on the set's clock, no longer ago than
	// setsafe.MaxOccurredAgo; left out, when it is recorded.
	OccurredAt string
	LocationID string
	Where      string
	SetUpID    string
	Firearms   []string
	Lots       []string
	People     []string
	Witnesses  []string
}

// MaxNamed is how many firearms, lots, people or witnesses an incident
// may name in each list.
const MaxNamed = 50

// check validates the details against the production's state and returns
// them as an entry records them.
func (d Details) check(p setsafe.Problems, s *setsafe.State, now time.Time) Record {
	setsafe.OneOf(p, "kind", d.Kind, Kinds)
	if d.Severity != "" {
		setsafe.OneOf(p, "severity", d.Severity, Severities)
	}
	b := Record{Kind: d.Kind, Severity: d.Severity, CouldHaveBeenFatal: d.CouldHaveBeenFatal,
		Description:     setsafe.CleanReason(p, "description", d.Description, false),
		ImmediateAction: setsafe.CleanReason(p, "immediate_action", d.ImmediateAction, false),
		Where:           setsafe.CleanText(p, "where", d.Where, setsafe.MaxShortText, false),
		LocationID:      d.LocationID, SetUpID: d.SetUpID}
	b.OccurredAt = now
	if strings.TrimSpace(d.OccurredAt) != "" {
		b.OccurredAt = setsafe.CheckOccurred(p, "occurred_at", d.OccurredAt, now, s.Production().Zone(), false)
	}
	if d.LocationID != "" && s.Location(d.LocationID) == nil {
		p.Add("location_id", "must name a location of this production, or be left out")
	}
	if d.SetUpID != "" && s.SetUp(d.SetUpID) == nil {
		p.Add("setup_id", "must name a set-up of this production, or be left out")
	}
	b.Firearms = named(p, "firearms", d.Firearms, "a firearm", func(id string) bool { return s.Firearm(id) != nil })
	b.Lots = named(p, "lots", d.Lots, "an ammunition lot", func(id string) bool { return s.AmmoLot(id) != nil })
	isPerson := func(id string) bool { return s.Person(id) != nil }
	b.People = named(p, "people", d.People, "a person", isPerson)
	b.Witnesses = named(p, "witnesses", d.Witnesses, "a person", isPerson)
	return b
}

// named checks a list of IDs of things of the production: each must be
// one, the list no longer than MaxNamed; it returns them each once.
func named(p setsafe.Problems, field string, ids []string, what string, exists func(string) bool) []string {
	out := []string{}
	if len(ids) > MaxNamed {
		p.Add(field, "may name at most %d", MaxNamed)
		return out
	}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		switch {
		case id == "" || slices.Contains(out, id):
		case !exists(id):
			p.Add(field, "%q is not %s of this production", id, what)
		default:
			out = append(out, id)
		}
	}
	return out
}

// OpenIncident records an incident by hand: anyone on the production may,
// in a hurry (the kind is enough; the rest can follow as corrections), or
// turning a concern into one (FromConcern), which those who read every
// concern and investigate may do.
type OpenIncident struct {
	ID string
	Details
	FromConcern string
	// Photos of what happened, JPEG or PNG, at most MaxPhotos; the
	// sender strips their metadata first, as for a concern's.
	Photos []setsafe.File
	By     string
}

// MaxPhotos is how many photos an incident may carry when it is opened.
const MaxPhotos = 4

// Authorize implements setsafe.Command.
func (c OpenIncident) Authorize(a setsafe.Access, _ *setsafe.State) error {
	if c.FromConcern != "" {
		if err := a.Require(setsafe.PermViewConcerns); err != nil {
			return err
		}
		return a.Require(PermInvestigate)
	}
	return a.Require(setsafe.PermTakePart)
}

// Decide implements setsafe.Command.
func (c OpenIncident) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	if s.Production() == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no production %s.", s.Ledger)
	}
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	if Find(s, c.ID) != nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Incident %s exists already.", c.ID)
	}
	p := setsafe.Problems{}
	setsafe.CheckID(p, "id", c.ID)
	b := Opened{ID: c.ID, Record: c.Details.check(p, s, d.Now), ReportedBy: by}
	if c.FromConcern != "" {
		if s.Concern(c.FromConcern) == nil {
			p.Add("from_concern", "must name a concern of this production")
		} else if x := linkedTo(s, c.FromConcern); x != nil {
			p.Add("from_concern", "is linked to incident %s already", x.ID)
		}
		b.ConcernID = c.FromConcern
	}
	photos := checkPhotos(p, c.Photos, MaxPhotos)
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if !photos {
		return setsafe.Outcome{}, fmt.Errorf("open incident: a photo's hash does not match its bytes")
	}
	out := setsafe.Outcome{Events: []setsafe.Draft{{Body: &b}}}
	attach(&out, c.ID, c.Photos, "")
	return out, nil
}

// checkPhotos checks photos given with a record: JPEG or PNG, at most max.
// It returns false, reporting nothing, when a hash does not match its
// bytes, which only a fault of the server could cause.
func checkPhotos(p setsafe.Problems, photos []setsafe.File, max int) bool {
	if len(photos) > max {
		p.Add("photos", "may be at most %d", max)
	}
	ok := true
	for _, f := range photos {
		if f.ContentType != "image/jpeg" && f.ContentType != "image/png" {
			p.Add("photos", "must be JPEG or PNG photos")
			continue
		}
		ok = setsafe.CheckFile(p, f, true) && ok
	}
	return ok
}

// attach adds the entries and files that attach files to an incident,
// each file once.
func attach(out *setsafe.Outcome, id string, files []setsafe.File, caption string) {
	for _, f := range files {
		if slices.ContainsFunc(out.Files, func(g setsafe.File) bool { return g.SHA256 == f.SHA256 }) {
			continue
		}
		out.Events = append(out.Events, setsafe.Draft{Body: &setsafe.FileAttached{Subject: SubjectIncident, SubjectID: id, File: f.SHA256,
			ContentType: f.ContentType, Size: int64(len(f.Data)), Caption: caption}})
		out.Files = append(out.Files, f)
	}
}

// linkedTo returns the incident a concern is linked to, or nil.
func linkedTo(s *setsafe.State, concern string) *Incident {
	var linked *Incident
	setsafe.Each(s, tableIncidents, func(x *Incident) {
		if slices.Contains(x.ConcernIDs(), concern) {
			linked = x
		}
	})
	return linked
}

// AmendIncident corrects what an incident's record says: its reporter
// while nobody investigates it yet, its investigator, or those who
// investigate incidents. A nil field keeps what the record says. Reason
// says why, and is needed of all but a reporter filling in their own
// record before it is investigated.
type AmendIncident struct {
	ID                 string
	Kind               *string
	Severity           *string
	CouldHaveBeenFatal *bool
	Description        *string
	ImmediateAction    *string
	OccurredAt         *string
	LocationID         *string
	Where              *string
	SetUpID            *string
	Firearms           *[]string
	Lots               *[]string
	People             *[]string
	Witnesses          *[]string
	Reason             string
	By                 string
}

// Authorize implements setsafe.Command.
func (c AmendIncident) Authorize(a setsafe.Access, s *setsafe.State) error {
	x := Find(s, c.ID)
	if x != nil && (mayInvestigate(a, x) || x.State == StateOpen && a.PersonID != "" && a.PersonID == x.ReportedBy) {
		return nil
	}
	if err := a.Require(setsafe.PermTakePart); err != nil {
		return err
	}
	if x == nil {
		return nil // Decide says there is no such incident
	}
	return setsafe.Errorf(setsafe.EForbidden, "Only its reporter (until it is investigated), its investigator, or those who investigate incidents correct an incident's record.")
}

// Decide implements setsafe.Command.
func (c AmendIncident) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	x := Find(s, c.ID)
	if x == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no incident %s.", c.ID)
	}
	if x.Closed() {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Incident %s is closed: its investigation was signed off.", x.ID)
	}
	was := Details{Kind: x.Kind, Severity: x.Severity, CouldHaveBeenFatal: x.CouldHaveBeenFatal, Description: x.Description,
		ImmediateAction: x.ImmediateAction, LocationID: x.LocationID, Where: x.Where, SetUpID: x.SetUpID,
		Firearms: x.FirearmIDs(), Lots: x.LotIDs(), People: x.PeopleIDs(), Witnesses: x.WitnessIDs()}
	now := was
	keep(&now.Kind, c.Kind)
	keep(&now.Severity, c.Severity)
	keep(&now.CouldHaveBeenFatal, c.CouldHaveBeenFatal)
	keep(&now.Description, c.Description)
	keep(&now.ImmediateAction, c.ImmediateAction)
	keep(&now.OccurredAt, c.OccurredAt)
	keep(&now.LocationID, c.LocationID)
	keep(&now.Where, c.Where)
	keep(&now.SetUpID, c.SetUpID)
	keep(&now.Firearms, c.Firearms)
	keep(&now.Lots, c.Lots)
	keep(&now.People, c.People)
	keep(&now.Witnesses, c.Witnesses)
	p := setsafe.Problems{}
	b := now.check(p, s, d.Now)
	if c.OccurredAt == nil {
		b.OccurredAt = x.OccurredAt
	}
	reason := setsafe.CleanReason(p, "reason", c.Reason, !(by == x.ReportedBy && x.State == StateOpen))
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	a := &Amended{ID: x.ID, Record: b, Reason: reason, By: by}
	after := *x
	b.apply(&after)
	if after.OccurredAt.Equal(x.OccurredAt) {
		after.OccurredAt = x.OccurredAt // the same moment, however written
	}
	if after == *x {
		return setsafe.Outcome{}, nil // nothing to correct: sent again, say
	}
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: a, Corrects: x.RecordSeq}}}, nil
}

// keep sets *v to *with when with is given.
func keep[T any](v *T, with *T) {
	if with != nil {
		*v = *with
	}
}

// LinkConcern links a concern to an incident: one raised before it, or
// about the same thing. Those who read every concern and investigate
// incidents may.
type LinkConcern struct {
	ID        string
	ConcernID string
	By        string
}

// Authorize implements setsafe.Command.
func (c LinkConcern) Authorize(a setsafe.Access, _ *setsafe.State) error {
	if err := a.Require(setsafe.PermViewConcerns); err != nil {
		return err
	}
	return a.Require(PermInvestigate)
}

// Decide implements setsafe.Command.
func (c LinkConcern) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	x := Find(s, c.ID)
	if x == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no incident %s.", c.ID)
	}
	if s.Concern(c.ConcernID) == nil {
		return setsafe.Outcome{}, &setsafe.Error{Code: setsafe.EInvalid, Message: "concern_id: must name a concern of this production.",
			Fields: map[string]string{"concern_id": "must name a concern of this production"}}
	}
	if slices.Contains(x.ConcernIDs(), c.ConcernID) {
		return setsafe.Outcome{}, nil // linked already: sent again, say
	}
	if other := linkedTo(s, c.ConcernID); other != nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Concern %s is linked to incident %s already.", c.ConcernID, other.ID)
	}
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: &ConcernLinked{ID: x.ID, ConcernID: c.ConcernID, By: by}}}}, nil
}

// AttachEvidence attaches a photo or document to an incident: its
// reporter, its investigator, or those who investigate incidents.
type AttachEvidence struct {
	ID      string
	File    setsafe.File
	Caption string
}

// Authorize implements setsafe.Command.
func (c AttachEvidence) Authorize(a setsafe.Access, s *setsafe.State) error {
	x := Find(s, c.ID)
	if x != nil && (mayInvestigate(a, x) || a.PersonID != "" && a.PersonID == x.ReportedBy) {
		return nil
	}
	if x == nil {
		return a.Require(setsafe.PermTakePart)
	}
	return a.Require(PermInvestigate)
}

// Decide implements setsafe.Command.
func (c AttachEvidence) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	x := Find(s, c.ID)
	if x == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no incident %s.", c.ID)
	}
	p := setsafe.Problems{}
	ok := setsafe.CheckFile(p, c.File, false)
	caption := setsafe.CleanText(p, "caption", c.Caption, setsafe.MaxShortText, false)
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if !ok {
		return setsafe.Outcome{}, fmt.Errorf("attach evidence: the file's hash does not match its bytes")
	}
	if setsafe.Lookup[*setsafe.Attachment](s, "attachments", SubjectIncident+"/"+x.ID+"/"+c.File.SHA256) != nil {
		return setsafe.Outcome{}, nil // attached already
	}
	var out setsafe.Outcome
	attach(&out, x.ID, []setsafe.File{c.File}, caption)
	return out, nil
}

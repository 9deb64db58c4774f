package setsafe

import (
	"crypto/subtle"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// RaiseConcern reports a hazard. Anyone on the production may, by name or
// confidentially; anyone at all may anonymously, as the anonymous actor,
// with the hash of the receipt code they were given (WS-5).
type RaiseConcern struct {
	ID       string
	Category string
	Severity string
	SetUpID  string
	// Hazard is the hazard it is about, among gate.HazardIDs, when the
	// reporter picks one; left out, it is the one the category names.
	Hazard string
	// LocationID names a location of the production; Location says where
	// in words.
	LocationID  string
	Location    string
	Description string
	Mode        string
	// ReceiptHash is the slow hash of an anonymous reporter's receipt
	// code; it is kept beside the ledger, never in it.
	ReceiptHash string
	// ReporterSeal is a confidential reporter's seal (see [ReporterSeal]),
	// made by the server for the signed-in person; the ledger records it
	// in place of their name.
	ReporterSeal string
	// Photos of the hazard, JPEG or PNG, at most MaxConcernPhotos. Whoever
	// sends them strips their metadata first: a photo's GPS position or
	// camera serial would tell who took it.
	Photos []File
	// OccurredAt is when what it reports happened, if the reporter says
	// (see [OccurredLayout]): not in the future, and not more than
	// [MaxOccurredAgo] ago.
	OccurredAt string
	By         string
}

// MaxConcernPhotos is how many photos a concern may carry.
const MaxConcernPhotos = 4

// Authorize implements Command.
func (c RaiseConcern) Authorize(a Access, _ *State) error {
	if a.Actor.Kind == ActorAnonymous {
		return nil
	}
	return a.Require(PermTakePart)
}

// Decide implements Command.
func (c RaiseConcern) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	CheckID(p, "id", c.ID)
	OneOf(p, "category", c.Category, ConcernCategories)
	OneOf(p, "severity", c.Severity, Severities)
	OneOf(p, "mode", c.Mode, ReportModes)
	b := &ConcernRaised{ID: c.ID, Category: c.Category, Severity: c.Severity, Hazard: categoryHazards[c.Category], Mode: c.Mode,
		Location:    CleanText(p, "location", c.Location, MaxShortText, false),
		Description: CleanReason(p, "description", c.Description, true)}
	if c.SetUpID != "" {
		if s.SetUp(c.SetUpID) == nil {
			p.Add("setup_id", "must name a set-up of this production, or be left out")
		}
		b.SetUpID = c.SetUpID
	}
	if c.Hazard != "" {
		if _, ok := gate.FindHazard(c.Hazard); !ok {
			p.Add("hazard", "must be among %s, or be left out", strings.Join(gate.HazardIDs(), ", "))
		}
		b.Hazard = c.Hazard
	}
	if c.LocationID != "" {
		if s.Location(c.LocationID) == nil {
			p.Add("location_id", "must name a location of this production, or be left out")
		}
		b.LocationID = c.LocationID
	}
	anonymous := d.Actor.Kind == ActorAnonymous
	b.OccurredAt = CheckOccurred(p, "occurred_at", c.OccurredAt, d.Now, s.location(), anonymous || c.Mode == ReportConfidential)
	switch {
	case anonymous && c.Mode != ReportAnonymous:
		p.Add("mode", "must be anonymous when the reporter does not sign in")
	case !anonymous && c.Mode == ReportAnonymous:
		// A signed-in request would tie the report to an account.
		p.Add("mode", "an anonymous concern is raised without signing in; sign out or use the anonymous report page")
	case anonymous && c.ReceiptHash == "":
		p.Add("receipt", "is required: an anonymous reporter reads answers with a receipt code")
	}
	if len(c.Photos) > MaxConcernPhotos {
		p.Add("photos", "may be at most %d", MaxConcernPhotos)
	}
	for _, f := range c.Photos {
		if f.ContentType != "image/jpeg" && f.ContentType != "image/png" {
			p.Add("photos", "must be JPEG or PNG photos")
		}
		if n := len(f.Data); n == 0 || n > MaxFileSize {
			p.Add("photos", "must each hold between 1 byte and %d MiB", MaxFileSize>>20)
		}
		if NewFile(f.ContentType, f.Data).SHA256 != f.SHA256 {
			return Outcome{}, fmt.Errorf("raise concern: a photo's hash does not match its bytes")
		}
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	confidential := c.Mode == ReportConfidential
	if confidential && c.ReporterSeal == "" {
		return Outcome{}, fmt.Errorf("raise concern: a confidential concern needs its reporter's seal")
	}
	if !anonymous {
		by, err := ActingPerson(s, d, c.By)
		if err != nil {
			return Outcome{}, err
		}
		if confidential {
			b.ReporterSeal = c.ReporterSeal
		} else {
			b.Reporter = by
		}
	}
	if s.Concern(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Concern %s exists already.", c.ID)
	}
	b.Deadline = d.Now.Add(s.Clock(c.Severity).Acknowledge())
	out := one(b)
	for _, f := range c.Photos {
		if slices.ContainsFunc(out.Files, func(g File) bool { return g.SHA256 == f.SHA256 }) {
			continue
		}
		out.Events = append(out.Events, Draft{Body: &FileAttached{Subject: SubjectConcern, SubjectID: c.ID, File: f.SHA256,
			ContentType: f.ContentType, Size: int64(len(f.Data))}})
		out.Files = append(out.Files, f)
	}
	if anonymous {
		out.Credentials = []Credential{{Kind: CredentialReceipt, Subject: c.ID, Hash: c.ReceiptHash}}
	}
	out.Unnamed = confidential
	return out, nil
}

// MoveConcern moves a concern on: acknowledged, action planned, resolved
// or rejected, with who and why. Once a concern has climbed the ladder,
// only someone at its rung or above may resolve or reject it: nobody below
// can make it go away.
type MoveConcern struct {
	ID    string
	State string
	Why   string
	By    string
}

// concernMoves are the states a concern may move to from each state.
var concernMoves = map[string][]string{
	ConcernOpen:          {ConcernAcknowledged, ConcernActionPlanned, ConcernResolved, ConcernRejected},
	ConcernAcknowledged:  {ConcernActionPlanned, ConcernResolved, ConcernRejected},
	ConcernActionPlanned: {ConcernResolved, ConcernRejected},
}

// Authorize implements Command.
func (c MoveConcern) Authorize(a Access, _ *State) error { return a.Require(PermHandleConcerns) }

// Decide implements Command.
func (c MoveConcern) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	cn := s.Concern(c.ID)
	if cn == nil {
		return Outcome{}, Errorf(ENotFound, "There is no concern %s.", c.ID)
	}
	p := Problems{}
	OneOf(p, "state", c.State, []string{ConcernAcknowledged, ConcernActionPlanned, ConcernResolved, ConcernRejected})
	why := CleanReason(p, "why", c.Why, c.State != ConcernAcknowledged)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if cn.State == c.State {
		return Outcome{}, nil
	}
	if !slices.Contains(concernMoves[cn.State], c.State) {
		return Outcome{}, Errorf(EConflict, "The concern is %s; it cannot become %s.", spoken(cn.State), spoken(c.State))
	}
	closing := c.State == ConcernResolved || c.State == ConcernRejected
	if closing && cn.Rung > 0 && !d.Access.System && !s.OnRung(by, cn.Rung) {
		return Outcome{}, Errorf(EForbidden, "The concern has climbed to the %s; only someone at that rung or above can close it.", spoken(Rungs[cn.Rung]))
	}
	b := &ConcernMoved{ID: cn.ID, State: c.State, By: by, Why: why}
	switch {
	case closing:
	case cn.NeedsTriage():
		// Only triage does the acknowledging step of an anonymous
		// critical concern (see TriageConcern).
		b.Deadline = cn.Deadline
	case cn.State == ConcernOpen:
		// Acknowledged in time or not, resolving is due by the resolution
		// clock from when it was raised.
		b.Deadline = cn.RaisedAt.Add(s.Clock(cn.Severity).Resolve())
	default:
		b.Deadline = cn.Deadline
	}
	return one(b), nil
}

// AnswerConcern writes to a concern's reporter, who reads it in the app or
// with the receipt code.
type AnswerConcern struct {
	ID   string
	Text string
	By   string
}

// Authorize implements Command.
func (c AnswerConcern) Authorize(a Access, _ *State) error { return a.Require(PermHandleConcerns) }

// Decide implements Command.
func (c AnswerConcern) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	if s.Concern(c.ID) == nil {
		return Outcome{}, Errorf(ENotFound, "There is no concern %s.", c.ID)
	}
	p := Problems{}
	text := CleanReason(p, "text", c.Text, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	return one(&ConcernAnswered{ID: c.ID, By: by, Text: text}), nil
}

// ReplyToConcern is the reporter writing back: the person who raised it,
// or, for an anonymous concern, the anonymous actor whose receipt code the
// server checked. A confidential reporter's reply is recorded without
// their name, like the concern.
type ReplyToConcern struct {
	ID   string
	Text string
	// ReporterSeal is the signed-in person's seal for the concern, made by
	// the server, when the concern is confidential.
	ReporterSeal string
	By           string
}

// Authorize implements Command.
func (c ReplyToConcern) Authorize(a Access, _ *State) error {
	if a.Actor.Kind == ActorAnonymous {
		return nil
	}
	return a.Require(PermTakePart)
}

// Decide implements Command.
func (c ReplyToConcern) Decide(s *State, d Decision) (Outcome, error) {
	cn := s.Concern(c.ID)
	if cn == nil {
		return Outcome{}, Errorf(ENotFound, "There is no concern %s.", c.ID)
	}
	b := &ConcernReplied{ID: cn.ID}
	if d.Actor.Kind == ActorAnonymous {
		if cn.Mode != ReportAnonymous {
			return Outcome{}, Errorf(EForbidden, "Only the person who raised this concern can reply to it.")
		}
	} else {
		by, err := ActingPerson(s, d, c.By)
		if err != nil {
			return Outcome{}, err
		}
		sealed := cn.ReporterSeal != "" && subtle.ConstantTimeCompare([]byte(c.ReporterSeal), []byte(cn.ReporterSeal)) == 1
		if !sealed && (cn.Reporter == "" || by != cn.Reporter) {
			return Outcome{}, Errorf(EForbidden, "Only the person who raised this concern can reply to it.")
		}
		if !sealed {
			b.By = by
		}
	}
	p := Problems{}
	b.Text = CleanReason(p, "text", c.Text, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	out := one(b)
	out.Unnamed = cn.ReporterSeal != ""
	return out, nil
}

// EscalateConcern climbs a concern whose step is late to the next rung of
// the ladder that has someone on it. setsafe's scheduler asks for it; when
// the concern is not due (answered meanwhile, or climbed already by
// another server), nothing is recorded.
type EscalateConcern struct {
	ID string
}

// Authorize implements Command.
func (c EscalateConcern) Authorize(a Access, _ *State) error {
	return OnlyTheClock(a, "escalates a concern")
}

// Decide implements Command.
func (c EscalateConcern) Decide(s *State, d Decision) (Outcome, error) {
	cn := s.Concern(c.ID)
	if cn == nil {
		return Outcome{}, Errorf(ENotFound, "There is no concern %s.", c.ID)
	}
	next, ok := s.NextRung(cn)
	if !ok || !cn.Overdue(d.Now) {
		return Outcome{}, nil
	}
	clock := s.Clock(cn.Severity)
	step, period := "resolve", clock.Resolve()
	switch {
	case cn.NeedsTriage():
		step, period = "triage", clock.Acknowledge()
	case cn.State == ConcernOpen:
		step, period = "acknowledge", clock.Acknowledge()
	}
	return one(&ConcernEscalated{ID: cn.ID, Rung: next, Step: step, Missed: cn.Deadline, Deadline: d.Now.Add(period)}), nil
}

// NextRung returns the rung a late concern climbs to: the next one above
// its own with someone on it. There is none once it reached the top.
func (s *State) NextRung(cn *Concern) (int64, bool) {
	if cn.Closed() {
		return 0, false
	}
	ladder := s.Ladder()
	for i := cn.Rung + 1; i < int64(len(ladder)); i++ {
		if r := ladder[i]; r.People != "" || r.Email != "" || r.Webhook != "" {
			return i, true
		}
	}
	return 0, false
}

// Due says whether a concern is late and has a rung left to climb: what
// the scheduler looks for.
func (s *State) Due(cn *Concern, now time.Time) bool {
	_, ok := s.NextRung(cn)
	return ok && cn.Overdue(now)
}

// spoken says a state or rung key in words: "action_planned" is "action
// planned".
func spoken(key string) string { return strings.ReplaceAll(key, "_", " ") }

package http

import (
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/incident"
)

// IncidentRequest records an incident. Only the kind is needed in a
// hurry; the rest can follow as a correction. From a concern
// (from_concern), it links the concern to the new incident.
type IncidentRequest struct {
	Kind               string   `json:"kind"`
	Severity           string   `json:"severity,omitempty"`
	CouldHaveBeenFatal bool     `json:"could_have_been_fatal,omitempty"`
	Description        string   `json:"description,omitempty"`
	ImmediateAction    string   `json:"immediate_action,omitempty"`
	OccurredAt         string   `json:"occurred_at,omitempty"`
	LocationID         string   `json:"location_id,omitempty"`
	Where              string   `json:"where,omitempty"`
	SetUpID            string   `json:"setup_id,omitempty"`
	Firearms           []string `json:"firearms,omitempty"`
	Lots               []string `json:"lots,omitempty"`
	People             []string `json:"people,omitempty"`
	Witnesses          []string `json:"witnesses,omitempty"`
	FromConcern        string   `json:"from_concern,omitempty"`
}

// Command is the incident opened, with a new ID.
func (req IncidentRequest) Command() incident.OpenIncident {
	return incident.OpenIncident{ID: setsafe.NewID(), FromConcern: req.FromConcern, Details: incident.Details{Kind: req.Kind, Severity: req.Severity,
		CouldHaveBeenFatal: req.CouldHaveBeenFatal, Description: req.Description, ImmediateAction: req.ImmediateAction, OccurredAt: req.OccurredAt,
		LocationID: req.LocationID, Where: req.Where, SetUpID: req.SetUpID, Firearms: req.Firearms, Lots: req.Lots, People: req.People, Witnesses: req.Witnesses}}
}

// IncidentCorrection corrects what an incident's record says: a field
// left out keeps what it says. The reason is needed of all but a reporter
// filling in their own record before it is investigated.
type IncidentCorrection struct {
	Kind               *string   `json:"kind,omitempty"`
	Severity           *string   `json:"severity,omitempty"`
	CouldHaveBeenFatal *bool     `json:"could_have_been_fatal,omitempty"`
	Description        *string   `json:"description,omitempty"`
	ImmediateAction    *string   `json:"immediate_action,omitempty"`
	OccurredAt         *string   `json:"occurred_at,omitempty"`
	LocationID         *string   `json:"location_id,omitempty"`
	Where              *string   `json:"where,omitempty"`
	SetUpID            *string   `json:"setup_id,omitempty"`
	Firearms           *[]string `json:"firearms,omitempty"`
	Lots               *[]string `json:"lots,omitempty"`
	People             *[]string `json:"people,omitempty"`
	Witnesses          *[]string `json:"witnesses,omitempty"`
	Reason             string    `json:"reason,omitempty"`
}

// Command is the correction of an incident's record.
func (req IncidentCorrection) Command(id string) incident.AmendIncident {
	return incident.AmendIncident{ID: id, Kind: req.Kind, Severity: req.Severity, CouldHaveBeenFatal: req.CouldHaveBeenFatal, Description: req.Description,
		ImmediateAction: req.ImmediateAction, OccurredAt: req.OccurredAt, LocationID: req.LocationID, Where: req.Where, SetUpID: req.SetUpID,
		Firearms: req.Firearms, Lots: req.Lots, People: req.People, Witnesses: req.Witnesses, Reason: req.Reason}
}

// ConcernLinkRequest links a concern to an incident.
type ConcernLinkRequest struct {
	ConcernID string `json:"concern_id"`
}

// InvestigatorRequest names who investigates an incident.
type InvestigatorRequest struct {
	Investigator string `json:"investigator"`
}

// FactorRequest records a contributing factor, with the answers to
// "why?" asked of it in turn.
type FactorRequest struct {
	Category    string   `json:"category"`
	Description string   `json:"description"`
	Whys        []string `json:"whys,omitempty"`
}

// Command is the factor recorded for an incident, with a new ID.
func (req FactorRequest) Command(id string) incident.RecordFactor {
	return incident.RecordFactor{ID: id, FactorID: setsafe.NewID(), Category: req.Category, Description: req.Description, Whys: req.Whys}
}

// ConclusionRequest records an investigation's root cause and findings.
type ConclusionRequest struct {
	RootCause string `json:"root_cause"`
	Findings  string `json:"findings,omitempty"`
}

// InvestigationSignOffRequest signs an investigation off in a capacity:
// safety_coordinator or producer.
type InvestigationSignOffRequest struct {
	Capacity string `json:"capacity"`
	Note     string `json:"note,omitempty"`
}

// ActionRequest plans a corrective or preventive action.
type ActionRequest struct {
	What       string `json:"what"`
	Preventive bool   `json:"preventive,omitempty"`
	Owner      string `json:"owner"`
	// Due is the day on set it is due, YYYY-MM-DD.
	Due string `json:"due"`
}

// Command is the action planned for an incident, with a new ID.
func (req ActionRequest) Command(incidentID string) incident.PlanAction {
	return incident.PlanAction{ID: setsafe.NewID(), IncidentID: incidentID, What: req.What, Preventive: req.Preventive, Owner: req.Owner, Due: req.Due}
}

// ActionDoneRequest records an action done, saying what was done.
type ActionDoneRequest struct {
	Note string `json:"note"`
}

// ActionCheckRequest records whether a done action worked; one that did
// not is due again on due.
type ActionCheckRequest struct {
	Worked bool   `json:"worked"`
	Note   string `json:"note,omitempty"`
	Due    string `json:"due,omitempty"`
}

// IncidentView is an incident with the people, firearms and lots it
// names, its investigation's factors, its actions and its evidence.
type IncidentView struct {
	*incident.Incident
	Firearms  []string              `json:"firearms"`
	Lots      []string              `json:"lots"`
	People    []string              `json:"people"`
	Witnesses []string              `json:"witnesses"`
	Concerns  []string              `json:"concerns"`
	Factors   []FactorView          `json:"factors"`
	Actions   []ActionView          `json:"actions"`
	Evidence  []*setsafe.Attachment `json:"evidence"`
}

// FactorView is a contributing factor with its whys.
type FactorView struct {
	*incident.Factor
	Whys []string `json:"whys"`
}

// ActionView is a corrective action and whether it is overdue.
type ActionView struct {
	*incident.Action
	Overdue bool `json:"overdue"`
}

// NewIncidentView is an incident as answered, with its factors, actions
// and evidence at now.
func NewIncidentView(s *setsafe.State, x *incident.Incident, now time.Time) IncidentView {
	v := IncidentView{Incident: x, Firearms: orEmpty(x.FirearmIDs()), Lots: orEmpty(x.LotIDs()), People: orEmpty(x.PeopleIDs()),
		Witnesses: orEmpty(x.WitnessIDs()), Concerns: orEmpty(x.ConcernIDs()), Factors: []FactorView{}, Actions: []ActionView{},
		Evidence: []*setsafe.Attachment{}}
	for _, f := range incident.Factors(s, x.ID) {
		v.Factors = append(v.Factors, FactorView{Factor: f, Whys: orEmpty(f.Whys())})
	}
	for _, a := range incident.Actions(s, x.ID) {
		v.Actions = append(v.Actions, NewActionView(s, a, now))
	}
	for _, a := range s.Attachments() {
		if a.Subject == incident.SubjectIncident && a.SubjectID == x.ID {
			v.Evidence = append(v.Evidence, a)
		}
	}
	return v
}

// NewActionView is a corrective action as answered at now.
func NewActionView(s *setsafe.State, a *incident.Action, now time.Time) ActionView {
	return ActionView{Action: a, Overdue: a.Overdue(now, s)}
}

func orEmpty(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// IncidentsView lists incidents, latest first, with the kinds, severities
// and factor categories the register takes.
type IncidentsView struct {
	Incidents        []IncidentView `json:"incidents"`
	Kinds            []string       `json:"kinds"`
	Severities       []string       `json:"severities"`
	FactorCategories []string       `json:"factor_categories"`
}

// ActionsView lists corrective actions, earliest due first.
type ActionsView struct {
	Actions []ActionView `json:"actions"`
}

// IncidentTimelineView is the ledger around an incident: the entries
// recorded from From to To that concern it (see incident.InTimeline),
// oldest first. Truncated says the window held more than were answered.
type IncidentTimelineView struct {
	From      time.Time   `json:"from"`
	To        time.Time   `json:"to"`
	Entries   []EntryView `json:"entries"`
	Truncated bool        `json:"truncated"`
}

// PatternView is a pattern of repeated incidents with the incidents that
// made it and whether it stops the work it concerns.
type PatternView struct {
	*incident.Pattern
	Incidents []string `json:"incidents"`
	Stops     bool     `json:"stops"`
}

// NewPatternView is a pattern as answered.
func NewPatternView(p *incident.Pattern) PatternView {
	return PatternView{Pattern: p, Incidents: orEmpty(p.IncidentIDs()), Stops: gate.Pattern{Scope: p.Scope}.Stops()}
}

// PatternsView lists patterns, those in force first, latest raised first.
type PatternsView struct {
	Patterns []PatternView `json:"patterns"`
}

// PatternSignOffRequest signs off the review of a pattern as
// safety_coordinator or producer, saying what the review found.
type PatternSignOffRequest struct {
	Capacity string `json:"capacity"`
	Note     string `json:"note"`
}

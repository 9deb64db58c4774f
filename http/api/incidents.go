package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// tagIncidents are the routes of the incident register: incidents, their
// investigations and corrective actions.
const tagIncidents = "Incidents"

func (s *handlers) incidentRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const one = prod + "/incidents/{incident}"
	const action = prod + "/corrective-actions/{action}"
	return []route{
		{method: "GET", path: prod + "/incidents", tag: tagIncidents, summary: "The production's incidents, latest first (those who read incidents); others read the ones they reported or investigate. ?open=true leaves out those signed off.", signedIn: true,
			response: sshttp.IncidentsView{}, handle: s.listIncidents, query: []queryParam{{name: "open", description: "true for the incidents not signed off only.", schema: map[string]any{"type": "boolean"}}}},
		{method: "GET", path: prod + "/incidents/export.csv", tag: tagIncidents, summary: "The production's incidents as a CSV file, for a spreadsheet (those who read incidents).", signedIn: true,
			produces: []string{"text/csv"}, handle: s.exportIncidents},
		{method: "POST", path: prod + "/incidents", tag: tagIncidents, summary: "Record an incident (anyone on the production): the kind is enough in a hurry; the rest can follow as a correction. from_concern turns a concern into one (those who read concerns and investigate).", signedIn: true,
			body: sshttp.IncidentRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.openIncident),
			created: createdAs(prod+"/incidents/{id}", func(b *incident.Opened) string { return b.ID }),
			example: sshttp.IncidentRequest{Kind: incident.KindNearMiss, Severity: incident.SeverityNone, CouldHaveBeenFatal: true,
				Description: "A light stand fell where the actor had stood a minute before", OccurredAt: "2026-12-04T10:40", Where: "Church set, nave"}},
		{method: "GET", path: one, tag: tagIncidents, summary: "One incident, with its investigation, corrective actions and evidence.", signedIn: true,
			response: sshttp.IncidentView{}, handle: s.getIncident},
		{method: "POST", path: one + "/correction", tag: tagIncidents, summary: "Correct what an incident's record says (its reporter until it is investigated, its investigator, those who investigate); fields left out keep what it says. The entry corrects the one that last set the record.", signedIn: true,
			body: sshttp.IncidentCorrection{}, response: sshttp.RecordedResult{}, handle: decoded(s.amendIncident),
			example: sshttp.IncidentCorrection{Severity: ptr(incident.SeverityMinor), Reason: "The stand grazed the focus puller's arm"}},
		{method: "POST", path: one + "/concerns", tag: tagIncidents, summary: "Link a concern to the incident (those who read concerns and investigate).", signedIn: true,
			body: sshttp.ConcernLinkRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.linkConcern)},
		{method: "POST", path: one + "/evidence", tag: tagIncidents, summary: "Attach a photo or document (its reporter, its investigator, those who investigate; PDF, or a JPEG or PNG photo kept without its metadata).", signedIn: true,
			consumes: setsafe.FileTypes, response: sshttp.RecordedResult{}, status: http.StatusCreated, query: captionQuery,
			handle: s.attachBy("incident", func(id string, f setsafe.File, caption string) setsafe.Command {
				return incident.AttachEvidence{ID: id, File: f, Caption: caption}
			}),
			created: createdAs(one+"/evidence/{id}", func(b *setsafe.FileAttached) string { return b.File })},
		{method: "GET", path: one + "/evidence/{file}", tag: tagIncidents, summary: "A photo or document attached to the incident, by its SHA-256.", signedIn: true,
			produces: servedFileTypes, handle: s.getIncidentEvidence},
		{method: "GET", path: one + "/timeline", tag: tagIncidents, summary: "The ledger around the incident, oldest first: what happened to the firearms, lots, people and set-up it names, and the warning signs of the week before (those who read the ledger).", signedIn: true,
			response: sshttp.IncidentTimelineView{}, handle: s.incidentTimeline},
		{method: "POST", path: one + "/investigator", tag: tagIncidents, summary: "Name who investigates the incident (those who investigate).", signedIn: true,
			body: sshttp.InvestigatorRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.assignInvestigator)},
		{method: "POST", path: one + "/factors", tag: tagIncidents, summary: "Record a contributing factor (people, equipment, procedure, environment, organisation) with its chain of \"why?\" (its investigator, those who investigate).", signedIn: true,
			body: sshttp.FactorRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.recordFactor),
			example: sshttp.FactorRequest{Category: incident.FactorEquipment, Description: "The stand had no sandbag",
				Whys: []string{"None were on the truck", "Nobody ordered them", "No checklist for the grip truck"}}},
		{method: "POST", path: one + "/conclusion", tag: tagIncidents, summary: "Record the root cause and findings, once a factor is recorded; a new conclusion needs signing again.", signedIn: true,
			body: sshttp.ConclusionRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.concludeInvestigation)},
		{method: "POST", path: one + "/sign-off", tag: tagIncidents, summary: "Sign the investigation off as safety_coordinator or producer; with both the incident is closed.", signedIn: true,
			body: sshttp.InvestigationSignOffRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.signOffInvestigation)},
		{method: "POST", path: one + "/actions", tag: tagIncidents, summary: "Plan a corrective or preventive action with its owner and due day (its investigator, those who investigate); one not done by the end of that day climbs the ladder.", signedIn: true,
			body: sshttp.ActionRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.planAction),
			created: createdAs(prod+"/corrective-actions/{id}", func(b *incident.ActionPlanned) string { return b.ID }),
			example: sshttp.ActionRequest{What: "Sandbag every light stand at each move", Owner: "a2c4e6g8j1l3n5q7", Due: "2026-12-05"}},
		{method: "GET", path: prod + "/corrective-actions", tag: tagIncidents, summary: "The corrective actions not done yet, earliest due first (those who read incidents); others read their own.", signedIn: true,
			response: sshttp.ActionsView{}, handle: s.listActions},
		{method: "GET", path: prod + "/corrective-actions/export.csv", tag: tagIncidents, summary: "Every corrective action as a CSV file (those who read incidents).", signedIn: true,
			produces: []string{"text/csv"}, handle: s.exportActions},
		{method: "GET", path: prod + "/patterns", tag: tagIncidents, summary: "Patterns of repeated incidents of one kind, hazard, department, firearm or person (WS-6), those in force first (those who read incidents).", signedIn: true,
			response: sshttp.PatternsView{}, handle: s.listPatterns},
		{method: "GET", path: prod + "/patterns/export.csv", tag: tagIncidents, summary: "Every pattern of repeated incidents as a CSV file (those who read incidents).", signedIn: true,
			produces: []string{"text/csv"}, handle: s.exportPatterns},
		{method: "POST", path: prod + "/patterns/{pattern}/acknowledge", tag: tagIncidents, summary: "Take charge of a pattern, saying what is being done: it stops climbing the ladder, and still stops its work until its review is signed off (those who investigate).", signedIn: true,
			body: sshttp.ReasonRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.acknowledgePattern)},
		{method: "POST", path: prod + "/patterns/{pattern}/sign-off", tag: tagIncidents, summary: "Sign off the review of a pattern as safety_coordinator or producer; with both, the work it stopped goes ahead.", signedIn: true,
			body: sshttp.PatternSignOffRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.signOffPattern)},
		{method: "GET", path: action, tag: tagIncidents, summary: "One corrective action.", signedIn: true,
			response: sshttp.ActionView{}, handle: s.getAction},
		{method: "POST", path: action + "/done", tag: tagIncidents, summary: "Record the action done, saying what was done (its owner, those who investigate).", signedIn: true,
			body: sshttp.ActionDoneRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.finishAction)},
		{method: "POST", path: action + "/check", tag: tagIncidents, summary: "Record whether a done action worked (those who investigate, not who did it); one that did not is due again.", signedIn: true,
			body: sshttp.ActionCheckRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.verifyAction)},
	}
}

func ptr[T any](v T) *T { return &v }

func (s *handlers) listIncidents(w http.ResponseWriter, r *http.Request) error {
	a, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	open := r.URL.Query().Get("open")
	if open != "" && open != "true" && open != "false" {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "open: must be true or false.", Fields: map[string]string{"open": "must be true or false"}}
	}
	now := s.Config.Clock.Now()
	view := sshttp.IncidentsView{Incidents: []sshttp.IncidentView{}, Kinds: incident.Kinds, Severities: incident.Severities, FactorCategories: incident.FactorCategories}
	for _, x := range incident.All(st) {
		if !incident.CanRead(a, x) || open == "true" && x.Closed() {
			continue
		}
		view.Incidents = append(view.Incidents, sshttp.NewIncidentView(st, x, now))
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

// readIncident reads the incident the URL names, for someone who may.
func (s *handlers) readIncident(r *http.Request) (*setsafe.State, *incident.Incident, error) {
	a, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return nil, nil, err
	}
	x := incident.Find(st, r.PathValue("incident"))
	if x == nil || !incident.CanRead(a, x) {
		// Hidden and missing look the same to who may not read it.
		return nil, nil, setsafe.Errorf(setsafe.ENotFound, "There is no incident %q in this production that you may read.", r.PathValue("incident"))
	}
	return st, x, nil
}

func (s *handlers) getIncident(w http.ResponseWriter, r *http.Request) error {
	st, x, err := s.readIncident(r)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewIncidentView(st, x, s.Config.Clock.Now()))
	return nil
}

func (s *handlers) getIncidentEvidence(w http.ResponseWriter, r *http.Request) error {
	st, x, err := s.readIncident(r)
	if err != nil {
		return err
	}
	sha := r.PathValue("file")
	if setsafe.Lookup[*setsafe.Attachment](st, "attachments", incident.SubjectIncident+"/"+x.ID+"/"+sha) == nil {
		return setsafe.Errorf(setsafe.ENotFound, "Incident %s has no file %q attached.", x.ID, sha)
	}
	contentType, data, err := s.Config.Armory.File(r.Context(), st.Ledger, sha)
	if err != nil {
		return err
	}
	writeFile(w, contentType, data)
	return nil
}

func (s *handlers) openIncident(w http.ResponseWriter, r *http.Request, req sshttp.IncidentRequest) error {
	c := req.Command()
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) amendIncident(w http.ResponseWriter, r *http.Request, req sshttp.IncidentCorrection) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("incident")))
}

func (s *handlers) linkConcern(w http.ResponseWriter, r *http.Request, req sshttp.ConcernLinkRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.LinkConcern{ID: r.PathValue("incident"), ConcernID: req.ConcernID})
}

func (s *handlers) assignInvestigator(w http.ResponseWriter, r *http.Request, req sshttp.InvestigatorRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.AssignInvestigator{ID: r.PathValue("incident"), Investigator: req.Investigator})
}

func (s *handlers) recordFactor(w http.ResponseWriter, r *http.Request, req sshttp.FactorRequest) error {
	c := req.Command(r.PathValue("incident"))
	return s.RecordedAnswer(w, r, http.StatusOK, c.FactorID, c)
}

func (s *handlers) concludeInvestigation(w http.ResponseWriter, r *http.Request, req sshttp.ConclusionRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.ConcludeInvestigation{ID: r.PathValue("incident"), RootCause: req.RootCause, Findings: req.Findings})
}

func (s *handlers) signOffInvestigation(w http.ResponseWriter, r *http.Request, req sshttp.InvestigationSignOffRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.SignOffInvestigation{ID: r.PathValue("incident"), Capacity: req.Capacity, Note: req.Note})
}

func (s *handlers) planAction(w http.ResponseWriter, r *http.Request, req sshttp.ActionRequest) error {
	c := req.Command(r.PathValue("incident"))
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) finishAction(w http.ResponseWriter, r *http.Request, req sshttp.ActionDoneRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.FinishAction{ID: r.PathValue("action"), Note: req.Note})
}

func (s *handlers) verifyAction(w http.ResponseWriter, r *http.Request, req sshttp.ActionCheckRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.VerifyAction{ID: r.PathValue("action"), Worked: req.Worked, Note: req.Note, Due: req.Due})
}

// mayReadAction reports whether the access may read an action: with the
// right to read incidents, or as its owner.
func mayReadAction(a setsafe.Access, x *incident.Action) bool {
	return a.Can(incident.PermView) || a.PersonID != "" && a.PersonID == x.Owner
}

func (s *handlers) listActions(w http.ResponseWriter, r *http.Request) error {
	a, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	now := s.Config.Clock.Now()
	view := sshttp.ActionsView{Actions: []sshttp.ActionView{}}
	for _, x := range incident.OpenActions(st) {
		if mayReadAction(a, x) {
			view.Actions = append(view.Actions, sshttp.NewActionView(st, x, now))
		}
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

func (s *handlers) getAction(w http.ResponseWriter, r *http.Request) error {
	a, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	x := incident.FindAction(st, r.PathValue("action"))
	if x == nil || !mayReadAction(a, x) {
		return setsafe.Errorf(setsafe.ENotFound, "There is no corrective action %q in this production that you may read.", r.PathValue("action"))
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewActionView(st, x, s.Config.Clock.Now()))
	return nil
}

// incidentTimeline answers the ledger entries around an incident.
func (s *handlers) incidentTimeline(w http.ResponseWriter, r *http.Request) error {
	st, x, err := s.readIncident(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, st.Ledger, setsafe.PermViewLedger); err != nil {
		return err
	}
	entries, truncated, err := s.IncidentTimeline(r.Context(), st, x)
	if err != nil {
		return err
	}
	from, to := incident.TimelineWindow(x)
	view := sshttp.IncidentTimelineView{From: from, To: to, Entries: []sshttp.EntryView{}, Truncated: truncated}
	for _, e := range entries {
		view.Entries = append(view.Entries, sshttp.NewEntryView(e))
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

// writeCSV answers rows as a CSV file to download, named name.
func writeCSV(w http.ResponseWriter, name string, rows [][]string) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	cw := csv.NewWriter(w)
	for _, row := range rows {
		for i, cell := range row {
			row[i] = spreadsheetSafe(cell)
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// spreadsheetSafe keeps a cell a spreadsheet would read as a formula
// (one starting with =, +, - or @) as text, with a leading apostrophe.
func spreadsheetSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func csvTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func (s *handlers) exportIncidents(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	loc := st.Production().Zone()
	rows := [][]string{{"id", "kind", "severity", "could_have_been_fatal", "occurred_at", "recorded_at", "where", "setup_id", "firearms", "lots",
		"people", "witnesses", "description", "immediate_action", "reported_by", "opened_by_entry", "state", "investigator", "root_cause", "concerns"}}
	for _, x := range incident.All(st) {
		rows = append(rows, []string{x.ID, x.Kind, x.Severity, fmt.Sprint(x.CouldHaveBeenFatal), csvTime(x.OccurredAt, loc), csvTime(x.RecordedAt, loc),
			where(st, x), x.SetUpID, x.Firearms, x.Lots, x.People, x.Witnesses, x.Description,
			x.ImmediateAction, x.ReportedBy, x.Source, x.State, x.Investigator, x.RootCause, x.Concerns})
	}
	return writeCSV(w, st.Ledger+"-incidents.csv", rows)
}

func (s *handlers) exportActions(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	loc, now := st.Production().Zone(), s.Config.Clock.Now()
	rows := [][]string{{"id", "incident_id", "what", "preventive", "owner", "due", "state", "overdue", "done_by", "done_at", "done_note", "checked_by", "checked_at", "check_note"}}
	for _, x := range incident.All(st) {
		for _, a := range incident.Actions(st, x.ID) {
			rows = append(rows, []string{a.ID, a.IncidentID, a.What, fmt.Sprint(a.Preventive), a.Owner, a.Due, a.State, fmt.Sprint(a.Overdue(now, st)),
				a.DoneBy, csvTime(a.DoneAt, loc), a.DoneNote, a.VerifiedBy, csvTime(a.VerifiedAt, loc), a.VerifyNote})
		}
	}
	return writeCSV(w, st.Ledger+"-corrective-actions.csv", rows)
}

// where says where an incident happened: its location's name and the
// words its record gives.
func where(st *setsafe.State, x *incident.Incident) string {
	if x.LocationID == "" {
		return x.Where
	}
	return strings.TrimSpace(st.LocationName(x.LocationID) + " " + x.Where)
}

func (s *handlers) listPatterns(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	view := sshttp.PatternsView{Patterns: []sshttp.PatternView{}}
	all := incident.Patterns(st)
	for _, inForce := range []bool{true, false} {
		for _, p := range all {
			if p.InForce() == inForce {
				view.Patterns = append(view.Patterns, sshttp.NewPatternView(p))
			}
		}
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

func (s *handlers) acknowledgePattern(w http.ResponseWriter, r *http.Request, req sshttp.ReasonRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.AcknowledgePattern{ID: r.PathValue("pattern"), Reason: req.Reason})
}

func (s *handlers) signOffPattern(w http.ResponseWriter, r *http.Request, req sshttp.PatternSignOffRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", incident.SignOffPatternReview{ID: r.PathValue("pattern"), Capacity: req.Capacity, Note: req.Note})
}

func (s *handlers) exportPatterns(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	loc := st.Production().Zone()
	rows := [][]string{{"id", "scope", "about", "what", "incidents", "count", "days", "last", "raised_at", "state", "acknowledged_by", "acknowledgement",
		"safety_signed_by", "producer_signed_by", "reviewed_at"}}
	for _, p := range incident.Patterns(st) {
		rows = append(rows, []string{p.ID, p.Scope, p.About, p.What, p.Incidents, fmt.Sprint(p.Count), fmt.Sprint(p.Days), csvTime(p.Last, loc),
			csvTime(p.RaisedAt, loc), p.State, p.AcknowledgedBy, p.Acknowledgement, p.SafetySignedBy, p.ProducerSignedBy, csvTime(p.ReviewedAt, loc)})
	}
	return writeCSV(w, st.Ledger+"-patterns.csv", rows)
}

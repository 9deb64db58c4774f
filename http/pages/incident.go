package pages

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// One incident's page: its record (who reported it, or which entry opened
// it by itself), its evidence, the concerns linked to it, its
// investigation and its corrective actions, each with the forms the
// caller may send. Whoever reported it fills in the details here.

// readableIncident reads the incident in the URL for a caller who may read
// it; to anyone else it does not exist.
func (s *handlers) readableIncident(r *http.Request) (setsafe.Access, *setsafe.State, *incident.Incident, error) {
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return a, nil, nil, err
	}
	x := incident.Find(st, r.PathValue("incident"))
	if x == nil || !incident.CanRead(a, x) {
		// Hidden and missing look the same, as in the API.
		return a, nil, nil, setsafe.Errorf(setsafe.ENotFound, "There is no incident %q in this production that you may read.", r.PathValue("incident"))
	}
	return a, st, x, nil
}

// evidenceView is a file attached to an incident, with where the browser
// reads it.
type evidenceView struct {
	*setsafe.Attachment
	URL string
	// Photo says it is an image, shown on the page; a document is a link.
	Photo bool
}

// concernLink is a concern linked to an incident, for those who read
// concerns.
type concernLink struct {
	ID, Description, Category string
	RaisedAt                  time.Time
}

// factorLine is a contributing factor in words.
type factorLine struct {
	*incident.Factor
	CategoryTitle string
	WhyList       []string
}

// signOffLine is one of the two signatures an investigation needs.
type signOffLine struct {
	Capacity, Title, Button string
	// SignedBy names who signed, "" when nobody has yet.
	SignedBy string
	SignedAt time.Time
	// CanSign says the caller may sign it now.
	CanSign bool
}

// incidentScreen is one incident's page.
type incidentScreen struct {
	Production string
	// Link is the page's path, where its forms post.
	Link string
	Line incidentLine
	X    *incident.Incident
	// Reporter names who reported it; for one opened by itself, Source
	// names the kind of entry that opened it and SourceLink its place in
	// the timeline, for those who read the ledger.
	Reporter, Source, SourceLink string
	Where, SetUp                 string
	People, Witnesses            []string
	Firearms, Lots               []string
	Evidence                     []evidenceView
	SeesConcerns                 bool
	Concerns                     []concernLink
	Factors                      []factorLine
	SignOffs                     []signOffLine
	Actions                      []actionLine
	// What the caller may do.
	CanAmend, NeedsReason, CanAttach, CanAssign, CanInvestigate, CanConclude, CanPlan, CanSeeTimeline bool
	// The choices the forms offer.
	Kinds, Severities, Categories []choice
	Active                        []*setsafe.Person
	Locations                     []*setsafe.Location
	SetUps                        []*setsafe.SetUp
	// Details are the details form's values: the record's, or what was
	// typed when it came back with a problem.
	Details url.Values
	// Now is the latest a time may say, Today the first day an action may
	// be due, as the inputs take them.
	Now, Today string
	// WhyFields number the fields of the factor form's "five whys".
	WhyFields []int
	Done      string
	// After a refused form: which one, why, and what was typed.
	Failed, Error string
	Fields        map[string]string
	Form          url.Values
	// Injury are its injury and illness cases (injury_case.go).
	Injury *incidentCases
}

// Picked says whether the details form has id ticked in its list field.
func (d *incidentScreen) Picked(field, id string) bool { return slices.Contains(d.Details[field], id) }

// Typed is what was typed in a field of the form that came back with a
// problem, and "" for the other forms.
func (d *incidentScreen) Typed(form, field string) string {
	if d.Failed != form {
		return ""
	}
	return d.Form.Get(field)
}

// TypedWhy is the answer typed in the i-th "why?" field (from 1) of the
// factor form that came back with a problem.
func (d *incidentScreen) TypedWhy(i int) string {
	if whys := d.Form["whys"]; d.Failed == "factor" && i >= 1 && i <= len(whys) {
		return whys[i-1]
	}
	return ""
}

func (s *handlers) incidentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderIncident(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderIncident(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, x, err := s.readableIncident(r)
	if err != nil {
		return err
	}
	now := s.Config.Clock.Now()
	zone := st.Production().Zone()
	view := sshttp.NewIncidentView(st, x, now)
	data := incidentScreen{Production: st.Ledger, Link: incidentPath(r, x.ID, ""), Line: incidentLineOf(st, x, now), X: x,
		Where: strings.TrimSpace(st.LocationName(x.LocationID) + " " + x.Where), SeesConcerns: a.Can(setsafe.PermViewConcerns),
		Kinds: incidentKinds(), Severities: incidentSeverityChoices, Categories: factorCategories(), Active: activePeople(st),
		Locations: st.Locations(), SetUps: st.SetUps(), Now: now.In(zone).Format(setsafe.OccurredLayout), Today: st.Day(now),
		WhyFields: []int{1, 2, 3, 4, 5}, Done: incidentDoneTexts[r.URL.Query().Get("done")], Failed: failed, Form: form,
		CanSeeTimeline: a.Can(setsafe.PermViewLedger)}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	if x.ReportedBy != "" {
		data.Reporter = personName(st, x.ReportedBy)
	}
	if x.Automatic() {
		data.Source = eventName(x.Source)
		if data.CanSeeTimeline {
			data.SourceLink = "/productions/" + st.Ledger + "/timeline/" + strconv.FormatInt(x.SourceSeq, 10)
		}
	}
	if u := st.SetUp(x.SetUpID); u != nil {
		data.SetUp = u.Name
	}
	for _, id := range view.People {
		data.People = append(data.People, personName(st, id))
	}
	for _, id := range view.Witnesses {
		data.Witnesses = append(data.Witnesses, personName(st, id))
	}
	for _, id := range view.Firearms {
		if f := st.Firearm(id); f != nil {
			data.Firearms = append(data.Firearms, f.Make+" "+f.Model+" (SN "+f.Serial+")")
		}
	}
	for _, id := range view.Lots {
		if l := st.AmmoLot(id); l != nil {
			data.Lots = append(data.Lots, l.Label)
		}
	}
	for _, e := range view.Evidence {
		data.Evidence = append(data.Evidence, evidenceView{Attachment: e, Photo: strings.HasPrefix(e.ContentType, "image/"),
			URL: "/api/v1/productions/" + st.Ledger + "/incidents/" + x.ID + "/evidence/" + e.File})
	}
	if data.SeesConcerns {
		for _, id := range view.Concerns {
			if c := st.Concern(id); c != nil {
				data.Concerns = append(data.Concerns, concernLink{ID: c.ID, Description: c.Description, Category: choiceTitle(concernCategories, c.Category), RaisedAt: c.RaisedAt})
			}
		}
	}
	for _, f := range view.Factors {
		data.Factors = append(data.Factors, factorLine{Factor: f.Factor, CategoryTitle: factorCategoryTitles[f.Category], WhyList: f.Whys})
	}
	for _, v := range view.Actions {
		data.Actions = append(data.Actions, actionLineOf(a, st, v.Action, now))
	}
	open := !x.Closed()
	data.CanAmend = open && incident.AmendIncident{ID: x.ID}.Authorize(a, st) == nil
	data.NeedsReason = !(x.State == incident.StateOpen && a.PersonID != "" && a.PersonID == x.ReportedBy)
	data.CanAttach = incident.AttachEvidence{ID: x.ID}.Authorize(a, st) == nil
	data.CanAssign = open && incident.AssignInvestigator{ID: x.ID}.Authorize(a, st) == nil
	data.CanInvestigate = open && incident.RecordFactor{ID: x.ID}.Authorize(a, st) == nil
	data.CanConclude = data.CanInvestigate && len(data.Factors) > 0
	data.CanPlan = incident.PlanAction{IncidentID: x.ID}.Authorize(a, st) == nil
	data.SignOffs = signOffLines(a, st, x)
	data.Injury = incidentCasesOf(a, st, x)
	data.Details = form
	if failed != "details" {
		data.Details = recordValues(x, zone)
	}
	s.pages.render(w, r, status, "incident", page{Title: "Incident", Account: acc, Data: &data})
	return nil
}

// signOffLines are the two signatures of an incident's investigation, and
// whether the caller may give one now: a conclusion is recorded, nobody
// signed in that capacity, and the caller did not sign the other.
func signOffLines(a setsafe.Access, st *setsafe.State, x *incident.Incident) []signOffLine {
	signed := []struct {
		capacity, by string
		at           time.Time
	}{{incident.CapacitySafety, x.SafetySignedBy, x.SafetySignedAt}, {incident.CapacityProducer, x.ProducerSignedBy, x.ProducerSignedAt}}
	var out []signOffLine
	for _, c := range signed {
		l := signOffLine{Capacity: c.capacity, Title: signOffTitles[c.capacity], Button: signOffButtons[c.capacity], SignedAt: c.at}
		if c.by != "" {
			l.SignedBy = personName(st, c.by)
		}
		l.CanSign = x.State == incident.StateConcluded && c.by == "" && a.PersonID != "" &&
			a.PersonID != x.SafetySignedBy && a.PersonID != x.ProducerSignedBy &&
			incident.SignOffInvestigation{ID: x.ID, Capacity: c.capacity}.Authorize(a, st) == nil
		out = append(out, l)
	}
	return out
}

// recordValues are what an incident's record says, as the details form
// shows them.
func recordValues(x *incident.Incident, zone *time.Location) url.Values {
	v := url.Values{"kind": {x.Kind}, "severity": {x.Severity}, "description": {x.Description}, "immediate_action": {x.ImmediateAction},
		"occurred_at": {x.OccurredAt.In(zone).Format(setsafe.OccurredLayout)}, "location_id": {x.LocationID}, "where": {x.Where},
		"setup_id": {x.SetUpID}, "people": x.PeopleIDs(), "witnesses": x.WitnessIDs()}
	if x.CouldHaveBeenFatal {
		v.Set("could_have_been_fatal", "true")
	}
	return v
}

// detailsCommand reads the details form into the API's correction of
// the record and builds its command, with the photos sent with it. A
// time left as the record says is not sent: the form shows it to the
// minute, and sent back it would move the record's time.
func (s *handlers) detailsCommand(r *http.Request, form url.Values, photos []setsafe.File) (setsafe.Command, error) {
	_, st, x, err := s.readableIncident(r)
	if err != nil {
		return nil, err
	}
	if at := strings.TrimSpace(form.Get("occurred_at")); at == "" || at == x.OccurredAt.In(st.Production().Zone()).Format(setsafe.OccurredLayout) {
		form.Del("occurred_at")
	}
	c, err := formCommand(form, func(req sshttp.IncidentCorrection) incident.AmendIncident { return req.Command(x.ID) })
	if err != nil || len(photos) == 0 {
		return c, err
	}
	d := detailsWithPhotos{AmendIncident: c.(incident.AmendIncident)}
	for _, f := range photos {
		if !slices.ContainsFunc(d.Photos, func(e incident.AttachEvidence) bool { return e.File.SHA256 == f.SHA256 }) {
			d.Photos = append(d.Photos, incident.AttachEvidence{ID: x.ID, File: f})
		}
	}
	return d, nil
}

// detailsWithPhotos is a details form sent with photos: the correction
// and the photos are recorded together or not at all, each by its own
// command of the register.
type detailsWithPhotos struct {
	incident.AmendIncident
	Photos []incident.AttachEvidence
}

// Authorize implements setsafe.Command: the caller may send each.
func (c detailsWithPhotos) Authorize(a setsafe.Access, s *setsafe.State) error {
	if err := c.AmendIncident.Authorize(a, s); err != nil {
		return err
	}
	for _, p := range c.Photos {
		if err := p.Authorize(a, s); err != nil {
			return err
		}
	}
	return nil
}

// Decide implements setsafe.Command: the entries of each, in order.
func (c detailsWithPhotos) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	out, err := c.AmendIncident.Decide(s, d)
	if err != nil {
		return out, err
	}
	for _, p := range c.Photos {
		more, err := p.Decide(s, d)
		if err != nil {
			return setsafe.Outcome{}, err
		}
		out.Events = append(out.Events, more.Events...)
		out.Files = append(out.Files, more.Files...)
	}
	return out, nil
}

// incidentDetailsSubmit saves the details form: a correction of the
// record, with the photos sent with it.
func (s *handlers) incidentDetailsSubmit(w http.ResponseWriter, r *http.Request) error {
	photos, err := s.concernFormPost(w, r) // the same words-then-photos form as a concern's
	f := r.PostForm
	var c setsafe.Command
	if err == nil {
		c, err = s.detailsCommand(r, f, photos)
	}
	if err == nil {
		_, _, err = s.Act(r, c)
	}
	if err != nil {
		if !formProblem(err) && !photoProblem(err) {
			return err
		}
		return s.renderIncident(w, r, formStatus(err), "details", err, shownAgain(f))
	}
	http.Redirect(w, r, incidentPath(r, r.PathValue("incident"), "corrected"), http.StatusSeeOther)
	return nil
}

// What the evidence form says when it is sent without a file.
const (
	noFileMessage = "Choose the photo or the document to attach."
	noFileProblem = "is required: choose a photo or a PDF"
)

// incidentEvidenceSubmit attaches a photo or a document, with a caption.
func (s *handlers) incidentEvidenceSubmit(w http.ResponseWriter, r *http.Request) error {
	file, err := s.readUpload(w, r, "file")
	if err == nil && file == nil {
		err = sshttp.FieldError("file", noFileProblem, noFileMessage)
	}
	if err == nil {
		_, _, err = s.Act(r, incident.AttachEvidence{ID: r.PathValue("incident"), File: *file, Caption: r.PostForm.Get("caption")})
	}
	if err != nil {
		if !formProblem(err) && setsafe.ErrorCode(err) != setsafe.ETooLarge {
			return err
		}
		return s.renderIncident(w, r, formStatus(err), "evidence", err, shownAgain(r.PostForm))
	}
	http.Redirect(w, r, incidentPath(r, r.PathValue("incident"), "evidence"), http.StatusSeeOther)
	return nil
}

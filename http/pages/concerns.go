package pages

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/skip2/go-qrcode"
)

func (s *handlers) registerConcernPages() {
	const c = "/productions/{production}/concerns"
	s.Handle("GET "+c, s.page(s.concernsPage))
	s.Handle("GET "+c+"/new", s.page(s.newConcernPage))
	s.Handle("POST "+c+"/new", s.page(s.raiseConcernSubmit))
	s.Handle("GET "+c+"/poster", s.page(s.concernPosterPage))
	s.Handle("GET "+c+"/{concern}", s.page(s.concernPage))
	s.Handle("POST "+c+"/{concern}/move", s.page(s.moveConcernSubmit()))
	s.Handle("POST "+c+"/{concern}/answer", s.page(s.answerConcernSubmit()))
	s.Handle("POST "+c+"/{concern}/triage", s.page(s.triageConcernSubmit()))
	s.Handle("POST "+c+"/{concern}/decision", s.page(s.decideConcernSubmit()))
	s.Handle("POST "+c+"/{concern}/reply", s.page(s.replyConcernSubmit()))
	s.Handle("POST "+c+"/{concern}/incident", s.page(s.turnIntoIncidentSubmit()))
	s.Handle("POST "+c+"/{concern}/incident-link", s.page(s.linkIncidentSubmit()))
	// The anonymous reporter's pages: no session is read or set (see
	// anonymousPath).
	s.Handle("GET /report/{production}", s.page(s.anonymousReportPage))
	s.Handle("POST /report/{production}", s.page(s.anonymousReportSubmit))
	s.Handle("GET /report/{production}/receipt", s.page(s.receiptPage))
	s.Handle("POST /report/{production}/receipt", s.page(s.receiptSubmit))
}

// choice is one option of a set of radio buttons.
type choice struct{ Key, Title string }

// concernCategories are the categories as a reporter chooses them.
var concernCategories = []choice{
	{setsafe.CategoryFirearms, "Firearms"}, {setsafe.CategoryStunts, "Stunts"}, {setsafe.CategoryVehicles, "Vehicles"},
	{setsafe.CategoryFatigue, "Fatigue and hours"}, {setsafe.CategoryFire, "Fire and pyrotechnics"}, {setsafe.CategoryWater, "Water"},
	{setsafe.CategoryHeights, "Heights"}, {setsafe.CategoryAnimals, "Animals"}, {setsafe.CategoryEquipment, "Equipment"}, {setsafe.CategoryOther, "Other"},
}

// concernSeverities say each severity in words.
var concernSeverities = []choice{
	{setsafe.SeverityCritical, "Critical: someone could be killed or badly hurt now"},
	{setsafe.SeverityHigh, "High: could hurt someone soon"},
	{setsafe.SeverityNormal, "Normal: needs fixing"},
}

// concernModes are the ways a signed-in reporter raises a concern.
var concernModes = []choice{
	{setsafe.ReportNamed, "Named: the people who handle concerns see my name"},
	{setsafe.ReportConfidential, "Confidential: only the safety coordinator sees my name"},
}

// concernStates say each state and each line of a conversation in words.
var concernStates = map[string]string{
	setsafe.ConcernOpen: "Open", setsafe.ConcernAcknowledged: "Acknowledged", setsafe.ConcernActionPlanned: "Action planned",
	setsafe.ConcernResolved: "Resolved", setsafe.ConcernRejected: "Rejected", "answer": "Answer", "reply": "Reply from the reporter",
	"escalated":           "Climbed the ladder: nobody answered in time",
	setsafe.TriageFounded: "Triaged: founded", setsafe.TriageUnfounded: "Triaged: unfounded",
	setsafe.DecisionProceed: "Decided: work goes on, with these measures", setsafe.DecisionStop: "Decided: work stays stopped until it is resolved",
}

// concernTriageChoices are the triages the safety coordinator is offered.
var concernTriageChoices = []choice{
	{setsafe.TriageFounded, "Founded"}, {setsafe.TriageUnfounded, "Unfounded (say why)"},
}

// concernDecisionChoices are the decisions on the work a critical concern
// stops.
var concernDecisionChoices = []choice{
	{setsafe.DecisionProceed, "Proceed: the measures taken make it safe"},
	{setsafe.DecisionStop, "Stop: the work waits until the concern is resolved"},
}

// concernMoveChoices are the moves a handler is offered.
var concernMoveChoices = []choice{
	{setsafe.ConcernAcknowledged, "Acknowledge"}, {setsafe.ConcernActionPlanned, "Action planned"},
	{setsafe.ConcernResolved, "Resolved"}, {setsafe.ConcernRejected, "Rejected"},
}

// concernDoneTexts say what a successful action did, by the flag it
// redirects with.
var concernDoneTexts = map[string]string{
	"raised":   "Done: your concern is raised. The people who handle concerns see it now.",
	"moved":    "Done: the concern moved on.",
	"answered": "Done: the reporter can read your answer.",
	"replied":  "Done: your reply is sent.",
	"triaged":  "Done: the concern is triaged; the reporter can read it.",
	"decided":  "Done: the decision is recorded; the gate reads it now.",
	"linked":   "Done: the concern is linked to the incident.",
}

// concernTexts are the English texts this file passes to the templates,
// for the catalogue check.
func concernTexts() []string {
	var out []string
	for _, l := range [][]choice{concernCategories, concernSeverities, concernModes, concernMoveChoices, concernTriageChoices, concernDecisionChoices} {
		for _, c := range l {
			out = append(out, c.Title)
		}
	}
	out = append(out, "Unfounded", "Critical", "High", "Normal", "Anonymous", "Confidential", "The reporter", "Concerns", "Report a concern", "Concern",
		"Report a concern: poster", "Report a concern anonymously", "Your receipt code", "Read the answers to your concern",
		workingOnReport, workingOnReceipt)
	for _, m := range []map[string]string{concernStates, concernDoneTexts} {
		for _, t := range m {
			out = append(out, t)
		}
	}
	return out
}

// concernForm is the form to raise a concern, signed in or anonymously.
type concernForm struct {
	Production, ProductionName string
	Anonymous                  bool
	Action                     string
	Categories, Severities     []choice
	Modes                      []choice
	SetUps                     []*setsafe.SetUp
	// Hazards and Locations are what a concern may name; the anonymous
	// page offers no locations, which it does not read.
	Hazards   []hazardView
	Locations []*setsafe.Location
	Form      url.Values
	Error     string
	Fields    map[string]string
	// Challenge and Work are for the anonymous page's script: see
	// challenges. Working is what the page says while the script works.
	Challenge string
	Work      int
	Working   string
	// Now is the time on the set's clock, the latest a concern may say
	// what it reports happened, as a date-time input takes it.
	Now string
}

// What the anonymous pages say while their script works, on a report and
// on a receipt code.
const (
	workingOnReport  = "Many reports are coming in, so this phone does a moment's work before sending. Please wait."
	workingOnReceipt = "Many receipt codes are being typed, so this phone does a moment's work before sending. Please wait."
)

// concernLine is a concern in a list.
type concernLine struct {
	sshttp.ConcernView
	Category, Severity, State, Reporter string
	// StateKey is the state as stored; Closed says it is resolved or
	// rejected.
	StateKey string
	Closed   bool
}

// concernsScreen is the list of concerns.
type concernsScreen struct {
	Production     string
	Lines          []concernLine
	CanReport      bool
	CanHandle      bool
	SeesAll        bool
	State, Sev     string
	States         []choice
	SeverityFilter []choice
	Done           string
}

// messageLine is a line of a concern's conversation.
type messageLine struct {
	Kind, Author, Text string
	Message            *setsafe.ConcernMessage
}

// concernScreen is one concern with its conversation.
type concernScreen struct {
	Production            string
	Concern               concernLine
	Messages              []messageLine
	Photos                []*setsafe.Attachment
	CanHandle, IsReporter bool
	Moves                 []choice
	// CanTriage and CanDecide say whether the caller triages the concern
	// and decides on the work it stops; Triages and Decisions are the
	// choices, Hazard the name of the hazard it is about.
	CanTriage, CanDecide bool
	// Critical says the concern is critical: it stops what it names.
	Critical                    bool
	TriageTitles                map[string]string
	Triages, Decisions          []choice
	Hazard                      string
	Done, Error, Failed         string
	Fields                      map[string]string
	Form                        url.Values
	Description, Location, Link string
	// Incident is what the page says of the incident register.
	Incident concernIncident
}

func choiceTitle(list []choice, key string) string {
	for _, c := range list {
		if c.Key == key {
			return c.Title
		}
	}
	return key
}

// concernLineOf says a concern in words for the caller.
func concernLineOf(st *setsafe.State, v sshttp.ConcernView) concernLine {
	l := concernLine{ConcernView: v, Category: choiceTitle(concernCategories, v.Category), Severity: strings.ToUpper(v.Severity[:1]) + v.Severity[1:],
		State: concernStates[v.State], StateKey: v.State, Closed: v.Concern.Closed()}
	switch {
	case v.Mode == setsafe.ReportAnonymous:
		l.Reporter = "Anonymous"
	case v.Reporter == "":
		l.Reporter = "Confidential"
	default:
		l.Reporter = personName(st, v.Reporter)
	}
	return l
}

func (s *handlers) concernsPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, _, err := s.VisibleConcerns(a, st, q.Get("state"), q.Get("severity"))
	if err != nil {
		return err
	}
	data := concernsScreen{Production: st.Ledger, CanReport: setsafe.RaiseConcern{Mode: setsafe.ReportNamed}.Authorize(a, st) == nil, CanHandle: a.Can(setsafe.PermHandleConcerns), SeesAll: a.Can(setsafe.PermViewConcerns),
		State: q.Get("state"), Sev: q.Get("severity"), Done: concernDoneTexts[q.Get("done")], SeverityFilter: []choice{
			{setsafe.SeverityCritical, "Critical"}, {setsafe.SeverityHigh, "High"}, {setsafe.SeverityNormal, "Normal"}}}
	for _, k := range []string{setsafe.ConcernOpen, setsafe.ConcernAcknowledged, setsafe.ConcernActionPlanned, setsafe.ConcernResolved, setsafe.ConcernRejected} {
		data.States = append(data.States, choice{k, concernStates[k]})
	}
	for _, v := range list {
		data.Lines = append(data.Lines, concernLineOf(st, v))
	}
	s.pages.render(w, r, http.StatusOK, "concerns", page{Title: "Concerns", Account: acc, Data: &data})
	return nil
}

func (s *handlers) newConcernPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderNewConcern(w, r, http.StatusOK, nil, url.Values{"mode": {setsafe.ReportNamed}})
}

func (s *handlers) renderNewConcern(w http.ResponseWriter, r *http.Request, status int, problem error, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	_, st, err := s.Authorized(r, nil)
	if err != nil {
		return err
	}
	data := concernForm{Production: st.Ledger, Action: "/productions/" + st.Ledger + "/concerns/new", Categories: concernCategories,
		Severities: concernSeverities, Modes: concernModes, SetUps: st.SetUps(), Form: form, Hazards: hazardsOf(gate.HazardIDs()), Locations: st.Locations(),
		Now: s.Config.Clock.Now().In(st.Production().Zone()).Format(setsafe.OccurredLayout)}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	s.pages.render(w, r, status, "concern_new", page{Title: "Report a concern", Account: acc, Data: &data})
	return nil
}

// photoProblem is whether err says the photos sent with a form were too
// large, or could not be read now: the form is shown again with what was
// written, so that it can be sent again, or without them.
func photoProblem(err error) bool {
	e, ok := errors.AsType[*setsafe.Error](err)
	return ok && (e.Code == setsafe.ETooLarge || e.Code == setsafe.EUnavailable && e.Fields["photos"] != "")
}

// concernFormPost reads a posted concern form with its photos, their
// metadata stripped.
func (s *handlers) concernFormPost(w http.ResponseWriter, r *http.Request) ([]setsafe.File, error) {
	post, err := sshttp.ReadConcernWords(w, r)
	if err != nil {
		return nil, err
	}
	uploads, err := post.Photos(r.PostForm)
	if err != nil {
		return nil, err
	}
	return s.ConcernPhotos(r.Context(), uploads)
}

func (s *handlers) raiseConcernSubmit(w http.ResponseWriter, r *http.Request) error {
	photos, err := s.concernFormPost(w, r)
	f := r.PostForm
	if err == nil {
		id := setsafe.NewID()
		_, _, err = s.Act(r, setsafe.RaiseConcern{ID: id, Category: f.Get("category"), Severity: f.Get("severity"), SetUpID: f.Get("setup_id"),
			Hazard: f.Get("hazard"), LocationID: f.Get("location_id"), Location: f.Get("location"), Description: f.Get("description"), OccurredAt: f.Get("occurred_at"), Mode: f.Get("mode"), Photos: photos, ReporterSeal: s.ConfidentialSeal(r, f.Get("mode"), id)})
		if err == nil {
			http.Redirect(w, r, "/productions/"+r.PathValue("production")+"/concerns/"+id+"?done=raised", http.StatusSeeOther)
			return nil
		}
	}
	if !formProblem(err) && !photoProblem(err) {
		return err
	}
	return s.renderNewConcern(w, r, formStatus(err), err, f)
}

func (s *handlers) concernPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderConcern(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderConcern(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, c, err := s.ReadableConcern(r)
	if err != nil {
		return err
	}
	d, err := s.ConcernDetail(r, a, st, c)
	if err != nil {
		return err
	}
	data := concernScreen{Production: st.Ledger, Concern: concernLineOf(st, d.Concern), Photos: d.Photos, CanHandle: a.Can(setsafe.PermHandleConcerns),
		IsReporter: st.RaisedBy(a, s.ReporterKey, c), Moves: concernMoveChoices, Done: concernDoneTexts[r.URL.Query().Get("done")],
		Failed: failed, Form: form, Link: "/productions/" + st.Ledger + "/concerns/" + c.ID,
		CanTriage: setsafe.TriageConcern{}.Authorize(a, st) == nil, CanDecide: setsafe.DecideConcern{}.Authorize(a, st) == nil && c.Severity == setsafe.SeverityCritical,
		Triages: concernTriageChoices, Decisions: concernDecisionChoices, Critical: c.Severity == setsafe.SeverityCritical,
		TriageTitles: map[string]string{setsafe.TriageFounded: "Founded", setsafe.TriageUnfounded: "Unfounded"}}
	if h, ok := gate.FindHazard(c.Hazard); ok {
		data.Hazard = h.Name
	}
	if u := st.SetUp(c.SetUpID); u != nil {
		data.Location = u.Name
	}
	if name := st.LocationName(c.LocationID); name != "" {
		data.Location = strings.TrimSpace(data.Location + " " + name)
	}
	if c.Location != "" {
		data.Location = strings.TrimSpace(data.Location + " " + c.Location)
	}
	data.Messages = messageLines(st, d.Messages)
	data.Incident = concernIncidentOf(a, st, c, s.Config.Clock.Now())
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	s.pages.render(w, r, status, "concern", page{Title: "Concern", Account: acc, Data: &data})
	return nil
}

// messageLines says a conversation in words.
func messageLines(st *setsafe.State, msgs []*setsafe.ConcernMessage) []messageLine {
	var out []messageLine
	for _, m := range msgs {
		l := messageLine{Kind: concernStates[m.Kind], Text: m.Text, Message: m}
		switch {
		case m.Kind == "escalated":
			l.Author = "setsafe"
		case m.Author == "":
			l.Author = "The reporter"
		default:
			l.Author = personName(st, m.Author)
		}
		if m.Kind == "escalated" {
			l.Text = ""
		}
		out = append(out, l)
	}
	return out
}

// concernAction is a form's command on the concern in the URL, coming
// back to its page: the form is read into the API's request type R, and
// build makes the command of it, as the API does. failed names the form
// that comes back with a problem; done, the flag of the page once done.
func concernAction[R any](s *handlers, failed, done string, build func(r *http.Request, req R, id string) setsafe.Command) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req R) setsafe.Command { return build(r, req, r.PathValue("concern")) })
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/concerns/" + r.PathValue("concern") + "?done=" + done
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderConcern(w, r, formStatus(problem), failed, problem, typed)
		},
	})
}

// moveConcernSubmit moves a concern on: acknowledged, being fixed, resolved.
func (s *handlers) moveConcernSubmit() func(http.ResponseWriter, *http.Request) error {
	return concernAction(s, "move", "moved", func(_ *http.Request, req sshttp.ConcernMoveRequest, id string) setsafe.Command {
		return req.Command(id)
	})
}

// triageConcernSubmit records the safety coordinator's triage.
func (s *handlers) triageConcernSubmit() func(http.ResponseWriter, *http.Request) error {
	return concernAction(s, "triage", "triaged", func(_ *http.Request, req sshttp.ConcernTriageRequest, id string) setsafe.Command {
		return req.Command(id)
	})
}

// decideConcernSubmit records a decision on the work a critical concern
// stops.
func (s *handlers) decideConcernSubmit() func(http.ResponseWriter, *http.Request) error {
	return concernAction(s, "decision", "decided", func(_ *http.Request, req sshttp.ConcernDecisionRequest, id string) setsafe.Command {
		return req.Command(id)
	})
}

// answerConcernSubmit answers a concern's reporter.
func (s *handlers) answerConcernSubmit() func(http.ResponseWriter, *http.Request) error {
	return concernAction(s, "answer", "answered", func(_ *http.Request, req sshttp.ConcernTextRequest, id string) setsafe.Command { return req.Answer(id) })
}

// replyConcernSubmit is the reporter's reply to an answer.
func (s *handlers) replyConcernSubmit() func(http.ResponseWriter, *http.Request) error {
	return concernAction(s, "reply", "replied", func(r *http.Request, req sshttp.ConcernTextRequest, id string) setsafe.Command {
		return req.Reply(id, s.CallerSeal(r, id))
	})
}

// reportURL is the public address of a production's anonymous report page.
func (s *handlers) reportURL(productionID string) string {
	u := *s.Config.PublicURL
	u.Path = "/report/" + productionID
	return u.String()
}

func (s *handlers) concernPosterPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	_, st, err := s.Authorized(r, nil)
	if err != nil {
		return err
	}
	prod, err := s.Config.Records.Production(r.Context(), st.Ledger)
	if err != nil {
		return err
	}
	link := s.reportURL(st.Ledger)
	png, err := qrcode.Encode(link, qrcode.Medium, 512)
	if err != nil {
		return err
	}
	data := struct {
		Production, Name, Link string
		// QR is a PNG as a data: URL, which html/template would refuse
		// as a string; it is made here, from the production's ID.
		QR template.URL
	}{st.Ledger, prod.Name, link, template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}
	s.pages.render(w, r, http.StatusOK, "concern_poster", page{Title: "Report a concern: poster", Account: acc, Data: &data})
	return nil
}

func (s *handlers) anonymousReportPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAnonymousReport(w, r, http.StatusOK, nil, url.Values{})
}

func (s *handlers) renderAnonymousReport(w http.ResponseWriter, r *http.Request, status int, problem error, form url.Values) error {
	prod, err := s.AnonymousProduction(r)
	if err != nil {
		return err
	}
	sshttp.SetRetryAfter(w, problem)
	data := concernForm{Production: prod.ID, ProductionName: prod.Name, Anonymous: true, Action: "/report/" + prod.ID,
		Categories: concernCategories, Severities: concernSeverities, Hazards: hazardsOf(gate.HazardIDs()), Form: form, Working: workingOnReport,
		Now: s.Config.Clock.Now().In(prod.Zone()).Format(setsafe.OccurredLayout)}
	data.Challenge, data.Work = s.ChallengeFor(r, prod.ID, form.Get("challenge"))
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	s.pages.render(w, r, status, "concern_new", page{Title: "Report a concern anonymously", Data: &data})
	return nil
}

// anonymousReportSubmit reads nothing for a production that is not, and
// checks the report's limits before it reads the photos.
func (s *handlers) anonymousReportSubmit(w http.ResponseWriter, r *http.Request) error {
	prod, err := s.AnonymousProduction(r)
	if err != nil {
		return err
	}
	post, err := sshttp.ReadConcernWords(w, r)
	f := r.PostForm
	if err == nil {
		var res sshttp.ReceiptResult
		res, err = s.RaiseAnonymous(r, prod.ID, sshttp.AnonymousConcernRequest{Category: f.Get("category"), Severity: f.Get("severity"),
			Hazard: f.Get("hazard"), Location: f.Get("location"), Description: f.Get("description"), OccurredAt: f.Get("occurred_at"), Work: sshttp.Work{Challenge: f.Get("challenge"), Proof: f.Get("proof")}},
			func() ([]sshttp.PhotoUpload, error) { return post.Photos(f) })
		if err == nil {
			return s.renderReceipt(w, r, res.Code)
		}
	}
	if !formProblem(err) && !photoProblem(err) {
		return err
	}
	return s.renderAnonymousReport(w, r, formStatus(err), err, f)
}

// renderReceipt shows an anonymous reporter their receipt code, once.
func (s *handlers) renderReceipt(w http.ResponseWriter, r *http.Request, code string) error {
	prod, err := s.AnonymousProduction(r)
	if err != nil {
		return err
	}
	s.pages.render(w, r, http.StatusCreated, "concern_receipt", page{Title: "Your receipt code", Data: struct {
		Production, Name, Code string
	}{prod.ID, prod.Name, code}})
	return nil
}

// receiptScreen is the anonymous reporter's view of their concern.
type receiptScreen struct {
	Production, Name string
	Code             string
	Concern          *concernLine
	Messages         []messageLine
	Done, Error      string
	Fields           map[string]string

	// Challenge and Work are for the page's script: see challenges.
	// Working is what the page says while the script works.
	Challenge string
	Work      int
	Working   string
}

func (s *handlers) receiptPage(w http.ResponseWriter, r *http.Request) error {
	prod, err := s.AnonymousProduction(r)
	if err != nil {
		return err
	}
	data := receiptScreen{Production: prod.ID, Name: prod.Name, Working: workingOnReceipt}
	data.Challenge, data.Work = s.ChallengeFor(r, prod.ID, "")
	s.pages.render(w, r, http.StatusOK, "concern_read", page{Title: "Read the answers to your concern", Data: &data})
	return nil
}

// receiptSubmit shows an anonymous concern to whoever holds its code, and
// sends their reply first if they wrote one.
func (s *handlers) receiptSubmit(w http.ResponseWriter, r *http.Request) error {
	prod, err := s.AnonymousProduction(r)
	if err != nil {
		return err
	}
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	data := receiptScreen{Production: prod.ID, Name: prod.Name, Working: workingOnReceipt, Code: r.PostForm.Get("code")}
	work := sshttp.Work{Challenge: r.PostForm.Get("challenge"), Proof: r.PostForm.Get("proof")}
	fail := func(err error) error {
		if !formProblem(err) && setsafe.ErrorCode(err) != setsafe.ENotFound {
			return err
		}
		data.Error, data.Fields = setsafe.ErrorMessage(err), formFields(err)
		data.Challenge, data.Work = s.ChallengeFor(r, prod.ID, work.Challenge)
		sshttp.SetRetryAfter(w, err)
		s.pages.render(w, r, formStatus(err), "concern_read", page{Title: "Read the answers to your concern", Data: &data})
		return nil
	}
	st, c, err := s.ByReceipt(r, data.Code, work)
	if err != nil {
		return fail(err)
	}
	if text := r.PostForm.Get("text"); text != "" || r.PostForm.Has("reply") {
		if _, err := s.Config.Ledger.Append(r.Context(), setsafe.On(prod.ID, setsafe.Anonymous, setsafe.ReplyToConcern{ID: c.ID, Text: text})); err != nil {
			return fail(err)
		}
		data.Done = concernDoneTexts["replied"]
		if st, err = s.Config.Armory.LedgerState(r.Context(), prod.ID); err != nil {
			return err
		}
		c = st.Concern(c.ID)
	}
	d, err := s.ConcernDetail(r, setsafe.Access{Actor: setsafe.Anonymous}, st, c)
	if err != nil {
		return err
	}
	line := concernLineOf(st, d.Concern)
	data.Concern, data.Messages = &line, messageLines(st, d.Messages)
	data.Challenge, data.Work = s.ChallengeFor(r, prod.ID, "")
	s.pages.render(w, r, http.StatusOK, "concern_read", page{Title: "Read the answers to your concern", Data: &data})
	return nil
}

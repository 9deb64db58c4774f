package pages

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// The incident register's pages: reporting an incident in two taps from
// a phone (the kind, recorded at once; the details follow on its page),
// the register, one incident with its investigation and corrective
// actions (incident.go, investigation.go), the actions people own
// (corrective_actions.go) and the ledger around an incident
// (incident_timeline.go). Every form builds the same command as the API,
// through its request type.

func (s *handlers) registerIncidentPages() {
	const base = "/productions/{production}/incidents"
	const one = base + "/{incident}"
	s.Handle("GET "+base, s.page(s.incidentsPage))
	s.Handle("GET "+base+"/new", s.page(s.newIncidentPage))
	s.Handle("POST "+base+"/new", s.page(s.openIncidentSubmit()))
	s.Handle("GET "+one, s.page(s.incidentPage))
	s.Handle("POST "+one+"/details", s.page(s.incidentDetailsSubmit))
	s.Handle("POST "+one+"/evidence", s.page(s.incidentEvidenceSubmit))
	s.Handle("GET "+one+"/timeline", s.page(s.incidentTimelinePage))
	s.Handle("POST "+one+"/investigator", s.page(s.assignInvestigatorSubmit()))
	s.Handle("POST "+one+"/factors", s.page(s.recordFactorSubmit()))
	s.Handle("POST "+one+"/conclusion", s.page(s.concludeSubmit()))
	s.Handle("POST "+one+"/sign-off", s.page(s.signOffSubmit()))
	s.Handle("POST "+one+"/actions", s.page(s.planActionSubmit()))
	s.registerActionPages()
}

// incidentLine is an incident as a list shows it, in words.
type incidentLine struct {
	*incident.Incident
	KindTitle, SeverityTitle, StateTitle string
	// InvestigatorName names who investigates, "" for nobody yet.
	InvestigatorName string
	// OverdueActions counts its corrective actions past their due day.
	OverdueActions int
	// Href is its page.
	Href string
}

// incidentLineOf says an incident in words, at now.
func incidentLineOf(st *setsafe.State, x *incident.Incident, now time.Time) incidentLine {
	l := incidentLine{Incident: x, KindTitle: incidentKindTitles[x.Kind], SeverityTitle: incidentSeverityTitles[x.Severity],
		StateTitle: incidentStateTitles[x.State], Href: "/productions/" + st.Ledger + "/incidents/" + x.ID}
	if l.KindTitle == "" {
		l.KindTitle = x.Kind
	}
	if x.Investigator != "" {
		l.InvestigatorName = personName(st, x.Investigator)
	}
	for _, a := range incident.Actions(st, x.ID) {
		if a.Overdue(now, st) {
			l.OverdueActions++
		}
	}
	return l
}

// incidentsScreen is the register: open incidents first, then closed.
type incidentsScreen struct {
	Production string
	// SeesAll says the caller reads every incident (incident.PermView),
	// and may download the register; others see their own.
	SeesAll      bool
	CanReport    bool
	Open, Closed []incidentLine
	// State and Kind are the filter, as chosen.
	State, Kind   string
	States, Kinds []choice
	Export        string
	Fields        map[string]string
	// Patterns are the patterns of incidents in force, for those who read
	// every incident (patterns.go).
	Patterns *patternsBlock
}

// incidentsPage lists the incidents the caller may read, filtered by
// state and kind.
func (s *handlers) incidentsPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	data := incidentsScreen{Production: st.Ledger, SeesAll: a.Can(incident.PermView), CanReport: incident.OpenIncident{}.Authorize(a, st) == nil,
		State: q.Get("state"), Kind: q.Get("kind"), States: incidentStates(), Kinds: incidentKinds(),
		Export: "/api/v1/productions/" + st.Ledger + "/incidents/export.csv", Patterns: patternsBlockOf(r, a, st, "/productions/"+st.Ledger+"/incidents")}
	pg := page{Title: "Incidents", Account: acc, Data: &data}
	status := http.StatusOK
	if problem := incidentFilterProblem(data.State, data.Kind); problem != nil {
		status, pg.Error, data.Fields = http.StatusUnprocessableEntity, setsafe.ErrorMessage(problem), formFields(problem)
		data.State, data.Kind = "", ""
	}
	now := s.Config.Clock.Now()
	for _, x := range incident.All(st) {
		if !incident.CanRead(a, x) || data.State != "" && x.State != data.State || data.Kind != "" && x.Kind != data.Kind {
			continue
		}
		if x.Closed() {
			data.Closed = append(data.Closed, incidentLineOf(st, x, now))
		} else {
			data.Open = append(data.Open, incidentLineOf(st, x, now))
		}
	}
	s.pages.render(w, r, status, "incidents", pg)
	return nil
}

// incidentFilterProblem says what is wrong with the register's filter.
func incidentFilterProblem(state, kind string) error {
	if state != "" && !slices.Contains([]string{incident.StateOpen, incident.StateInvestigating, incident.StateConcluded, incident.StateClosed}, state) {
		return sshttp.FieldError("state", "must be open, investigating, concluded or closed", "Choose a state from the list.")
	}
	if kind != "" && !slices.Contains(incident.Kinds, kind) {
		return sshttp.FieldError("kind", "must be one of the kinds of incident", "Choose a kind from the list.")
	}
	return nil
}

// newIncidentScreen is the page of big buttons, one per kind.
type newIncidentScreen struct {
	Production string
	Kinds      []choice
	SeesAll    bool
	Error      string
	Fields     map[string]string
}

func (s *handlers) newIncidentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderNewIncident(w, r, http.StatusOK, nil)
}

func (s *handlers) renderNewIncident(w http.ResponseWriter, r *http.Request, status int, problem error) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Authorized(r, incident.OpenIncident{})
	if err != nil {
		return err
	}
	data := newIncidentScreen{Production: st.Ledger, Kinds: incidentKinds(), SeesAll: a.Can(incident.PermView)}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	s.pages.render(w, r, status, "incident_new", page{Title: "Report an incident", Account: acc, Data: &data})
	return nil
}

// incidentPath is the page of an incident, with a flag saying what was
// done, if any.
func incidentPath(r *http.Request, id, done string) string {
	p := "/productions/" + r.PathValue("production") + "/incidents/" + id
	if done != "" {
		p += "?done=" + done
	}
	return p
}

// openIncidentSubmit records an incident of the kind tapped, at once, and
// leads to its page for the details.
func (s *handlers) openIncidentSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(_ *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.IncidentRequest) incident.OpenIncident {
				req.FromConcern = "" // turning a concern is done from its page
				return req.Command()
			})
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return incidentPath(r, c.(incident.OpenIncident).ID, "opened")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, _ url.Values) error {
			return s.renderNewIncident(w, r, formStatus(problem), problem)
		},
	})
}

// incidentStatus is what a production's home says of the register: the
// incidents open, for those who read them all, and the corrective actions
// the caller owns.
type incidentStatus struct {
	SeesAll bool
	// Open counts the incidents not signed off; Overdue the actions of
	// the production past their due day.
	Open, Overdue int
	// Mine and MineOverdue count the open actions the caller owns.
	Mine, MineOverdue int
}

// incidentStatusOf counts what the production's home says of the
// register, or nil when it has nothing to say to the caller.
func incidentStatusOf(a setsafe.Access, st *setsafe.State, now time.Time) *incidentStatus {
	s := incidentStatus{SeesAll: a.Can(incident.PermView)}
	if s.SeesAll {
		s.Open = len(incident.Open(st))
	}
	for _, x := range incident.OpenActions(st) {
		late := x.Overdue(now, st)
		if s.SeesAll && late {
			s.Overdue++
		}
		if a.PersonID != "" && x.Owner == a.PersonID {
			s.Mine++
			if late {
				s.MineOverdue++
			}
		}
	}
	if !s.SeesAll && s.Mine == 0 {
		return nil
	}
	return &s
}

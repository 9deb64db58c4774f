package pages

import (
	"net/http"
	"net/url"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// Corrective and preventive actions: the open ones, earliest due first,
// each person's own (and all of them for those who read incidents), with
// the form that records one done; and on an incident's page the form that
// checks a done one worked.

func (s *handlers) registerActionPages() {
	const list = "/productions/{production}/corrective-actions"
	const onIncident = "/productions/{production}/incidents/{incident}/actions/{action}"
	s.Handle("GET "+list, s.page(s.actionsPage))
	s.Handle("POST "+list+"/{action}/done", s.page(s.finishActionSubmit(false)))
	s.Handle("POST "+onIncident+"/done", s.page(s.finishActionSubmit(true)))
	s.Handle("POST "+onIncident+"/check", s.page(s.checkActionSubmit()))
}

// actionLine is a corrective action in words, with what the caller may
// do with it.
type actionLine struct {
	*incident.Action
	OwnerName, StateTitle string
	Overdue               bool
	// Incident is the incident it came of, when the caller may read it.
	Incident *incidentLine
	// CanFinish says the caller may record it done (its owner, or those
	// who investigate); CanCheck, that they may check a done one worked
	// (those who investigate, other than who did it).
	CanFinish, CanCheck bool
}

// actionLineOf says a corrective action in words for the caller, at now.
func actionLineOf(a setsafe.Access, st *setsafe.State, x *incident.Action, now time.Time) actionLine {
	l := actionLine{Action: x, OwnerName: personName(st, x.Owner), StateTitle: actionStateTitles[x.State], Overdue: x.Overdue(now, st)}
	l.CanFinish = x.State == incident.ActionStateOpen && incident.FinishAction{ID: x.ID}.Authorize(a, st) == nil
	l.CanCheck = x.State == incident.ActionStateDone && a.PersonID != x.DoneBy && incident.VerifyAction{ID: x.ID}.Authorize(a, st) == nil
	return l
}

// actionsScreen lists the open corrective actions the caller reads.
type actionsScreen struct {
	Production string
	SeesAll    bool
	Lines      []actionLine
	Export     string
	Done       string
	// After a refused form: which one, why, and what was typed.
	Failed, Error string
	Fields        map[string]string
	Form          url.Values
}

// Typed is what was typed in a field of the form that came back with a
// problem, and "" for the other forms.
func (d *actionsScreen) Typed(form, field string) string {
	if d.Failed != form {
		return ""
	}
	return d.Form.Get(field)
}

func (s *handlers) actionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderActions(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderActions(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return err
	}
	now := s.Config.Clock.Now()
	data := actionsScreen{Production: st.Ledger, SeesAll: a.Can(incident.PermView), Done: incidentDoneTexts[r.URL.Query().Get("done")],
		Export: "/api/v1/productions/" + st.Ledger + "/corrective-actions/export.csv", Failed: failed, Form: form}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	for _, x := range incident.OpenActions(st) {
		if !data.SeesAll && (a.PersonID == "" || x.Owner != a.PersonID) {
			continue
		}
		l := actionLineOf(a, st, x, now)
		if in := incident.Find(st, x.IncidentID); in != nil && incident.CanRead(a, in) {
			il := incidentLineOf(st, in, now)
			l.Incident = &il
		}
		data.Lines = append(data.Lines, l)
	}
	s.pages.render(w, r, status, "corrective_actions", page{Title: "Corrective actions", Account: acc, Data: &data})
	return nil
}

// finishActionSubmit records an action done, from the list of actions or
// from its incident's page (onIncident), and comes back there.
func (s *handlers) finishActionSubmit(onIncident bool) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.ActionDoneRequest) incident.FinishAction {
				return incident.FinishAction{ID: r.PathValue("action"), Note: req.Note}
			})
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			if onIncident {
				return incidentPath(r, r.PathValue("incident"), "finished")
			}
			return "/productions/" + r.PathValue("production") + "/corrective-actions?done=finished"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			failed := "done-" + r.PathValue("action")
			if onIncident {
				return s.renderIncident(w, r, formStatus(problem), failed, problem, typed)
			}
			return s.renderActions(w, r, formStatus(problem), failed, problem, typed)
		},
	})
}

// checkActionSubmit records whether a done action worked; one that did
// not is due again.
func (s *handlers) checkActionSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.ActionCheckRequest) incident.VerifyAction {
				return incident.VerifyAction{ID: r.PathValue("action"), Worked: req.Worked, Note: req.Note, Due: req.Due}
			})
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return incidentPath(r, r.PathValue("incident"), "checked")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderIncident(w, r, formStatus(problem), "check-"+r.PathValue("action"), problem, typed)
		},
	})
}

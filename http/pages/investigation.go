package pages

import (
	"net/http"
	"net/url"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// The forms of an incident's investigation: who investigates, the
// contributing factors with their "five whys", the root cause, and the
// two sign-offs that close it.

// incidentAction is a form's command on the incident in the URL, coming
// back to its page: the form is read into the API's request type R, and
// build makes the command of it, as the API does. failed names the form
// that comes back with a problem; done, the flag of the page once done.
func incidentAction[R any](s *handlers, failed, done string, build func(req R, id string) setsafe.Command) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req R) setsafe.Command { return build(req, r.PathValue("incident")) })
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return incidentPath(r, r.PathValue("incident"), done)
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderIncident(w, r, formStatus(problem), failed, problem, typed)
		},
	})
}

// assignInvestigatorSubmit names who investigates.
func (s *handlers) assignInvestigatorSubmit() func(http.ResponseWriter, *http.Request) error {
	return incidentAction(s, "investigator", "assigned", func(req sshttp.InvestigatorRequest, id string) setsafe.Command {
		return incident.AssignInvestigator{ID: id, Investigator: req.Investigator}
	})
}

// recordFactorSubmit records a contributing factor with its whys.
func (s *handlers) recordFactorSubmit() func(http.ResponseWriter, *http.Request) error {
	return incidentAction(s, "factor", "factor", func(req sshttp.FactorRequest, id string) setsafe.Command {
		return req.Command(id)
	})
}

// concludeSubmit records the root cause and findings.
func (s *handlers) concludeSubmit() func(http.ResponseWriter, *http.Request) error {
	return incidentAction(s, "conclusion", "concluded", func(req sshttp.ConclusionRequest, id string) setsafe.Command {
		return incident.ConcludeInvestigation{ID: id, RootCause: req.RootCause, Findings: req.Findings}
	})
}

// signOffSubmit signs the investigation off in the capacity of the button
// tapped.
func (s *handlers) signOffSubmit() func(http.ResponseWriter, *http.Request) error {
	return incidentAction(s, "sign-off", "signed", func(req sshttp.InvestigationSignOffRequest, id string) setsafe.Command {
		return incident.SignOffInvestigation{ID: id, Capacity: req.Capacity, Note: req.Note}
	})
}

// planActionSubmit plans a corrective or preventive action.
func (s *handlers) planActionSubmit() func(http.ResponseWriter, *http.Request) error {
	return incidentAction(s, "plan", "planned", func(req sshttp.ActionRequest, id string) setsafe.Command {
		return req.Command(id)
	})
}

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

// A concern and the incident register: its page says which incident it
// is linked to, and offers those who read every concern and investigate
// incidents to turn it into an incident, or to link it to one recorded
// already.

// concernIncident is what a concern's page says of the register.
type concernIncident struct {
	// Linked is the incident the concern is linked to, in words, when
	// the caller may read it.
	Linked *incidentLine
	// CanTurn and CanLink say the caller may turn the concern into an
	// incident, or link it to one; Incidents are those it may be linked
	// to, latest first.
	CanTurn, CanLink bool
	Kinds            []choice
	Incidents        []incidentLine
}

// concernIncidentOf says what a concern's page shows of the register.
func concernIncidentOf(a setsafe.Access, st *setsafe.State, c *setsafe.Concern, now time.Time) concernIncident {
	var out concernIncident
	for _, x := range incident.All(st) {
		if slices.Contains(x.ConcernIDs(), c.ID) {
			if incident.CanRead(a, x) {
				l := incidentLineOf(st, x, now)
				out.Linked = &l
			}
			return out // linked already: there is nothing to offer
		}
	}
	out.CanTurn = incident.OpenIncident{FromConcern: c.ID}.Authorize(a, st) == nil
	out.CanLink = incident.LinkConcern{ConcernID: c.ID}.Authorize(a, st) == nil
	if out.CanTurn {
		out.Kinds = incidentKinds()
	}
	if out.CanLink {
		for _, x := range incident.All(st) {
			out.Incidents = append(out.Incidents, incidentLineOf(st, x, now))
		}
	}
	return out
}

// turnIntoIncidentSubmit records an incident from the concern in the URL,
// which stays linked to it, and leads to the incident's page.
func (s *handlers) turnIntoIncidentSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.IncidentRequest) incident.OpenIncident {
				req.FromConcern = r.PathValue("concern")
				return req.Command()
			})
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return incidentPath(r, c.(incident.OpenIncident).ID, "turned")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderConcern(w, r, formStatus(problem), "incident", problem, typed)
		},
	})
}

// linkIncidentSubmit links the concern in the URL to the incident chosen.
func (s *handlers) linkIncidentSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return incident.LinkConcern{ID: form.Get("incident_id"), ConcernID: r.PathValue("concern")}, nil
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/concerns/" + r.PathValue("concern") + "?done=linked"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderConcern(w, r, formStatus(problem), "link", problem, typed)
		},
	})
}

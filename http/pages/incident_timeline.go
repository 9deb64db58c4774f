package pages

import (
	"net/http"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// An incident's timeline: the production's ledger around it, as an
// investigator reads it (see incident.InTimeline), oldest first, each
// entry as the production's timeline shows it and linked to its proof.
// It holds the same entries as the API's timeline of the incident.

// incidentTimelineScreen is the ledger around one incident.
type incidentTimelineScreen struct {
	Production string
	Line       incidentLine
	From, To   string
	Rows       []timelineRow
	// Truncated says the window held more entries than the page shows.
	Truncated bool
	Limit     int
}

// incidentTimelinePage shows the entries around an incident, for those
// who read it and the ledger.
func (s *handlers) incidentTimelinePage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	_, st, x, err := s.readableIncident(r)
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
	loc := st.Production().Zone()
	names := timelineNames{st: st, loc: loc}
	from, to := incident.TimelineWindow(x)
	data := incidentTimelineScreen{Production: st.Ledger, Line: incidentLineOf(st, x, s.Config.Clock.Now()), From: names.when(from), To: names.when(to),
		Truncated: truncated, Limit: sshttp.IncidentTimelineLimit}
	for _, e := range entries {
		data.Rows = append(data.Rows, names.row(e))
	}
	s.pages.render(w, r, http.StatusOK, "incident_timeline", page{Title: "Timeline of the incident", Account: acc, Data: &data})
	return nil
}

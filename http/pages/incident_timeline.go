package pages

import (
	"net/http"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/ledger"
)

// An incident's timeline: the production's ledger around it, as an
// investigator reads it (see incident.InTimeline), oldest first, each
// entry as the production's timeline shows it and linked to its proof.
// It holds the same entries as the API's timeline of the incident.

// incidentTimelineLimit is how many entries the page shows at most.
const incidentTimelineLimit = 1000

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
	entries, truncated, err := s.incidentEntries(r, st, x)
	if err != nil {
		return err
	}
	loc := st.Production().Zone()
	names := timelineNames{st: st, loc: loc}
	from, to := incident.TimelineWindow(x)
	data := incidentTimelineScreen{Production: st.Ledger, Line: incidentLineOf(st, x, s.Config.Clock.Now()), From: names.when(from), To: names.when(to),
		Truncated: truncated, Limit: incidentTimelineLimit}
	for _, e := range entries {
		data.Rows = append(data.Rows, names.row(e))
	}
	s.pages.render(w, r, http.StatusOK, "incident_timeline", page{Title: "Timeline of the incident", Account: acc, Data: &data})
	return nil
}

// incidentEntries returns the entries of an incident's timeline, oldest
// first, at most incidentTimelineLimit of them, and whether there were
// more. Entries are in the order they were recorded, so the first of the
// window is found by halving the ledger, and the scan stops at its end.
func (s *handlers) incidentEntries(r *http.Request, st *setsafe.State, x *incident.Incident) ([]ledger.Entry, bool, error) {
	from, to := incident.TimelineWindow(x)
	ctx := r.Context()
	lo, hi := int64(1), st.Size+1 // the first entry recorded at or after from is in [lo, hi]
	for lo < hi {
		mid := lo + (hi-lo)/2
		e, err := s.Config.Ledger.LedgerEntry(ctx, st.Ledger, mid)
		if err != nil {
			return nil, false, err
		}
		if e.Event.Time.Before(from) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	var out []ledger.Entry
	for after := lo - 1; ; {
		entries, err := s.Config.Ledger.Entries(ctx, st.Ledger, after, timelineChunk)
		if err != nil {
			return nil, false, err
		}
		for _, e := range entries {
			if e.Event.Time.After(to) {
				return out, false, nil
			}
			if !incident.InTimeline(x, e.Event) {
				continue
			}
			if len(out) == incidentTimelineLimit {
				return out, true, nil
			}
			out = append(out, e)
		}
		if len(entries) < timelineChunk {
			return out, false, nil
		}
		after = entries[len(entries)-1].Seq
	}
}

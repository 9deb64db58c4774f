package http

import (
	"context"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/ledger"
)

// FirstEntryAt returns the sequence number of the first entry of a ledger
// of size entries recorded at or after t; size+1 when there is none.
// Entries are in the order they were recorded, so it halves the ledger.
func (s *Server) FirstEntryAt(ctx context.Context, ledgerID string, size int64, t time.Time) (int64, error) {
	lo, hi := int64(1), size+1 // the first entry recorded at or after t is in [lo, hi]
	for lo < hi {
		mid := lo + (hi-lo)/2
		e, err := s.Config.Ledger.LedgerEntry(ctx, ledgerID, mid)
		if err != nil {
			return 0, err
		}
		if e.Event.Time.Before(t) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// IncidentTimelineLimit is how many entries an incident's timeline holds
// at most.
const IncidentTimelineLimit = 1000

// incidentTimelineChunk is how many entries a timeline reads at once.
const incidentTimelineChunk = 200

// IncidentTimeline returns the entries of an incident's timeline (see
// incident.InTimeline), oldest first, at most IncidentTimelineLimit of
// them, and whether there were more. The scan starts at the window's first
// entry and stops at its end.
func (s *Server) IncidentTimeline(ctx context.Context, st *setsafe.State, x *incident.Incident) ([]ledger.Entry, bool, error) {
	from, to := incident.TimelineWindow(x)
	first, err := s.FirstEntryAt(ctx, st.Ledger, st.Size, from)
	if err != nil {
		return nil, false, err
	}
	var out []ledger.Entry
	for after := first - 1; ; {
		entries, err := s.Config.Ledger.Entries(ctx, st.Ledger, after, incidentTimelineChunk)
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
			if len(out) == IncidentTimelineLimit {
				return out, true, nil
			}
			out = append(out, e)
		}
		if len(entries) < incidentTimelineChunk {
			return out, false, nil
		}
		after = entries[len(entries)-1].Seq
	}
}

package api

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dailyreport"
	sshttp "github.com/setsafe/setsafe/http"
)

// The daily safety report is read by those who read the ledger: it is a
// digest of the ledger's entries of the day, concerns and refusals
// included, and says which ledger it was made from so that it can be
// checked against it.
const safetyReportPermission = setsafe.PermViewLedger

func (s *handlers) safetyReportRoutes() []route {
	const day = "/api/v1/productions/{production}/days/{day}"
	return []route{
		{method: "GET", path: day + "/safety-report", tag: tagDay, summary: "The daily safety report of a day (YYYY-MM-DD on the set's clock, today or before) as JSON: " +
			"its safety meetings and who missed them, each set-up with its refusals and its verdict now, custody and the end-of-day count, " +
			"concerns (never naming an anonymous or confidential reporter), stop-works, alerts and incidents (those who read the ledger).",
			signedIn: true, response: dailyreport.Report{}, handle: s.getSafetyReport},
		{method: "GET", path: day + "/safety-report.pdf", tag: tagDay, summary: "The daily safety report of a day as a PDF, with a line for the producer's signature (those who read the ledger).",
			signedIn: true, produces: []string{"application/pdf"}, handle: s.safetyReportPDF},
		{method: "GET", path: "/api/v1/productions/{production}/safety-report/recipients", tag: tagDay, summary: "The rungs of the escalation ladder that get the daily safety report when the day is wrapped (those who read the ledger).",
			signedIn: true, response: sshttp.ReportRecipients{}, handle: s.getReportRecipients},
		{method: "PUT", path: "/api/v1/productions/{production}/safety-report/recipients", tag: tagDay, summary: "Choose the rungs of the escalation ladder that get the daily safety report when the day is wrapped (its last set-up wrapped, or the end-of-day count): everyone on them, by e-mail and in setsafe, and their outside addresses and webhooks; none stops it (those who manage safety).",
			signedIn: true, body: sshttp.ReportRecipients{}, response: sshttp.RecordedResult{}, handle: decoded(s.setReportRecipients),
			example: sshttp.ReportRecipients{Rungs: []string{"producer", "studio_safety"}}},
	}
}

func (s *handlers) getReportRecipients(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, safetyReportPermission)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.ReportRecipients{Rungs: dailyreport.RecipientRungs(st)})
	return nil
}

func (s *handlers) setReportRecipients(w http.ResponseWriter, r *http.Request, req sshttp.ReportRecipients) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", dailyreport.SetRecipients{Rungs: req.Rungs})
}

func (s *handlers) getSafetyReport(w http.ResponseWriter, r *http.Request) error {
	report, err := s.safetyReport(r)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, report)
	return nil
}

func (s *handlers) safetyReportPDF(w http.ResponseWriter, r *http.Request) error {
	report, err := s.safetyReport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := dailyreport.Write(&buf, report); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", report.Production.ID+"-safety-report-"+report.Day+".pdf"))
	w.Write(buf.Bytes())
	return nil
}

// safetyReport makes the report of the day the URL names, from the
// production's state, the day's entries and the latest signed
// checkpoint.
func (s *handlers) safetyReport(r *http.Request) (*dailyreport.Report, error) {
	_, st, err := s.Readable(r, safetyReportPermission)
	if err != nil {
		return nil, err
	}
	day := r.PathValue("day")
	from, to, err := dailyreport.Bounds(st.Production().Zone(), day)
	if err != nil {
		return nil, err
	}
	entries, err := s.entriesBetween(r.Context(), st, from, to)
	if err != nil {
		return nil, err
	}
	in := dailyreport.Input{Day: day, Now: s.Config.Clock.Now(), Entries: entries, VerifierKey: s.Config.VerifierKey}
	switch cp, err := s.Config.Ledger.LatestCheckpoint(r.Context(), st.Ledger); {
	case err == nil:
		in.Checkpoint = &dailyreport.ReportCheckpoint{Size: int64(cp.Size), Root: hex.EncodeToString(cp.Root), SignedAt: cp.SignedAt}
	case setsafe.ErrorCode(err) != setsafe.ENotFound:
		return nil, err
	}
	return dailyreport.Build(st, in)
}

// entriesBetween returns the entries of the state's ledger recorded from
// from until before to, up to the state's size. Entries are in the order
// they were recorded, so the first is found by halving the ledger.
func (s *handlers) entriesBetween(ctx context.Context, st *setsafe.State, from, to time.Time) ([]setsafe.Event, error) {
	first, err := s.FirstEntryAt(ctx, st.Ledger, st.Size, from)
	if err != nil {
		return nil, err
	}
	var out []setsafe.Event
	const page = 500
	for after := first - 1; after < st.Size; {
		entries, err := s.Config.Ledger.Entries(ctx, st.Ledger, after, page)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Seq > st.Size || !e.Event.Time.Before(to) {
				return out, nil
			}
			ev := e.Event
			ev.Seq = e.Seq
			out = append(out, ev)
		}
		if len(entries) < page {
			break
		}
		after = entries[len(entries)-1].Seq
	}
	return out, nil
}

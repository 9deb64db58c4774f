package http

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// ConcernPhotos strips the metadata of the photos sent with a concern.
func (s *Server) ConcernPhotos(ctx context.Context, photos []PhotoUpload) ([]setsafe.File, error) {
	if len(photos) > setsafe.MaxConcernPhotos {
		return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: fmt.Sprintf("Send at most %d photos.", setsafe.MaxConcernPhotos),
			Fields: map[string]string{"photos": fmt.Sprintf("may be at most %d", setsafe.MaxConcernPhotos)}}
	}
	var files []setsafe.File
	for _, p := range photos {
		f, err := s.Photos().Strip(ctx, "photos", p.ContentType, p.Data)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// RaiseAnonymous raises an anonymous concern as the anonymous actor, on a
// production the caller found, and returns the receipt code. Its words are
// checked first, then its limits, then the photos: those of req, or those
// more reads. Its routes never read the session or the Authorization
// header, and nothing about the request is kept.
func (s *Server) RaiseAnonymous(r *http.Request, pid string, req AnonymousConcernRequest, more func() ([]PhotoUpload, error)) (ReceiptResult, error) {
	undo, err := s.AdmitAnonymous(r, pid, req)
	if err != nil {
		return ReceiptResult{}, err
	}
	return s.RecordAdmitted(r, pid, req, undo, more)
}

// ConcernView is a concern as the caller may see it: a confidential
// reporter is named to those who may know only.
func (s *Server) ConcernView(a setsafe.Access, st *setsafe.State, c *setsafe.Concern, now time.Time) ConcernView {
	v := ConcernView{Concern: *c, Overdue: c.Overdue(now)}
	switch {
	case !st.SeesReporter(a, s.ReporterKey, c):
		v.Reporter = ""
	case c.ReporterSeal != "":
		v.Reporter = st.ReporterOf(s.ReporterKey, c)
	}
	return v
}

// ConcernDetail is a concern with its conversation as the caller may see
// it: a confidential reporter's replies carry their name for those who
// may know only.
func (s *Server) ConcernDetail(r *http.Request, a setsafe.Access, st *setsafe.State, c *setsafe.Concern) (ConcernDetail, error) {
	d := ConcernDetail{Concern: s.ConcernView(a, st, c, s.Config.Clock.Now()), Messages: []*setsafe.ConcernMessage{}, Photos: []*setsafe.Attachment{}}
	sees := st.SeesReporter(a, s.ReporterKey, c)
	for _, m := range st.ConcernMessages(c.ID) {
		if m.Kind == "reply" && c.Mode == setsafe.ReportConfidential {
			cp := *m
			cp.Author = ""
			if sees {
				cp.Author = d.Concern.Reporter
			}
			m = &cp
		}
		d.Messages = append(d.Messages, m)
	}
	for _, at := range st.Attachments() {
		if at.Subject == setsafe.SubjectConcern && at.SubjectID == c.ID {
			d.Photos = append(d.Photos, at)
		}
	}
	return d, nil
}

// VisibleConcerns returns the concerns the caller may read, filtered by
// state and severity, most urgent now first, and the time now.
func (s *Server) VisibleConcerns(a setsafe.Access, st *setsafe.State, state, severity string) ([]ConcernView, time.Time, error) {
	now := s.Config.Clock.Now()
	list, err := s.visibleConcernsAt(a, st, state, severity, now)
	return list, now, err
}

// visibleConcernsAt returns the concerns the caller may read, filtered by
// state and severity, most urgent at the time given first, with the
// overdue flags of that time.
func (s *Server) visibleConcernsAt(a setsafe.Access, st *setsafe.State, state, severity string, now time.Time) ([]ConcernView, error) {
	p := setsafe.Problems{}
	if state != "" && !slices.Contains(ConcernStateNames, state) {
		p.Add("state", "must be open, acknowledged, action_planned, resolved or rejected")
	}
	if severity != "" && !slices.Contains(setsafe.Severities, severity) {
		p.Add("severity", "must be critical, high or normal")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	out := []ConcernView{}
	for _, c := range st.Concerns() {
		if !st.MayReadConcern(a, s.ReporterKey, c) || state != "" && c.State != state || severity != "" && c.Severity != severity {
			continue
		}
		out = append(out, s.ConcernView(a, st, c, now))
	}
	slices.SortFunc(out, func(a, b ConcernView) int { return placeOf(a).compare(placeOf(b)) })
	return out, nil
}

// ReadableConcern returns the concern in the URL if the caller may read
// it; to others it does not exist.
func (s *Server) ReadableConcern(r *http.Request) (setsafe.Access, *setsafe.State, *setsafe.Concern, error) {
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return a, nil, nil, err
	}
	c := st.Concern(r.PathValue("concern"))
	if c == nil || !st.MayReadConcern(a, s.ReporterKey, c) {
		return a, nil, nil, setsafe.Errorf(setsafe.ENotFound, "There is no concern %q that you can read.", r.PathValue("concern"))
	}
	return a, st, c, nil
}

// ByReceipt finds the anonymous concern a receipt code belongs to. Every
// code typed is counted before it is hashed; too many are refused (see
// anonymousLimits.admitLookup).
func (s *Server) ByReceipt(r *http.Request, code string, work Work) (*setsafe.State, *setsafe.Concern, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return nil, nil, err
	}
	digits, ok := parseReceiptCode(code)
	if !ok {
		return nil, nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "A receipt code is 20 digits, as it was shown when the concern was raised.",
			Fields: map[string]string{"code": "must be the 20 digits of the receipt code"}}
	}
	client, key := ClientKey(r), s.Anonymous.codeKey(pid, digits)
	id, err := s.Anonymous.admitLookup(client, pid, key, work.Challenge, work.Proof)
	if err != nil {
		s.refused(LimiterReceiptCodes, err)
		return nil, nil, err
	}
	if id == "" {
		hash, err := s.receiptHash(r.Context(), digits, pid)
		if err != nil {
			return nil, nil, err
		}
		id, err = s.Config.Credentials.CredentialSubject(r.Context(), pid, setsafe.CredentialReceipt, hash)
		if setsafe.ErrorCode(err) == setsafe.ENotFound {
			return nil, nil, &setsafe.Error{Code: setsafe.ENotFound, Message: "No concern has this receipt code. Check the digits; a lost code cannot be recovered.",
				Fields: map[string]string{"code": "matches no concern of this production"}}
		}
		if err != nil {
			return nil, nil, err
		}
		s.Anonymous.found(client, pid, key, id)
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return nil, nil, err
	}
	c := st.Concern(id)
	if c == nil {
		return nil, nil, setsafe.Errorf(setsafe.ENotFound, "No concern has this receipt code.")
	}
	return st, c, nil
}

// AnonymousProduction reads the production of a public report page.
func (s *Server) AnonymousProduction(r *http.Request) (*setsafe.Production, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return nil, err
	}
	return s.Config.Records.Production(r.Context(), pid)
}

// ChallengeFor is the challenge a production's anonymous page, or its
// API, hands out to the client, and the work the client is to do: the one
// sent back, when the client can still spend it, so that the time it
// stands for keeps counting.
func (s *Server) ChallengeFor(r *http.Request, productionID, sent string) (string, int) {
	client := ClientKey(r)
	if !s.Anonymous.usable(client, productionID, sent) {
		sent = s.Anonymous.challenge(client, productionID)
	}
	return sent, s.Anonymous.work(client, productionID)
}

// AdmitAnonymous checks an anonymous report's words as the ledger will,
// then counts it against its limits (see anonymousLimits.admitReport), so
// that a report that cannot be recorded uses up no allowance and costs no
// slow hash. undo gives back what it counted and the work it spent.
func (s *Server) AdmitAnonymous(r *http.Request, pid string, req AnonymousConcernRequest) (undo func(), err error) {
	if err := s.CheckReport(r, pid, req); err != nil {
		return nil, err
	}
	client := ClientKey(r)
	spent, err := s.Anonymous.admitReport(client, pid, req.Severity, req.Challenge, req.Proof)
	if err != nil {
		s.refused(LimiterAnonymousReports, err)
		return nil, err
	}
	return func() {
		s.Anonymous.unsent(client, pid)
		if spent {
			// Unrecorded, the report may be sent again with the same work.
			s.Anonymous.challenges.release(req.Challenge)
		}
	}, nil
}

// RecordAdmitted reads and decodes the photos of an admitted report and
// records it with a new receipt code, or, recording nothing, undoes its
// admission.
func (s *Server) RecordAdmitted(r *http.Request, pid string, req AnonymousConcernRequest, undo func(), more func() ([]PhotoUpload, error)) (ReceiptResult, error) {
	res, err := s.recordAnonymous(r, pid, req, more)
	if err != nil {
		undo()
	}
	return res, err
}

// concernPlace is a concern's place in the order of a list of concerns,
// the most urgent first: open before closed, overdue first, then by
// severity, then the oldest; the ID tells apart concerns raised at once.
type concernPlace struct {
	rank, severity int
	raised         time.Time
	id             string
}

func placeOf(c ConcernView) concernPlace {
	rank := 1
	switch {
	case c.Closed():
		rank = 3
	case c.Overdue:
		rank = 0
	}
	return concernPlace{rank: rank, severity: slices.Index(setsafe.Severities, c.Severity), raised: c.RaisedAt, id: c.ID}
}

// compare says whether p comes before q (-1), after (1) or is q (0).
func (p concernPlace) compare(q concernPlace) int {
	return cmp.Or(cmp.Compare(p.rank, q.rank), cmp.Compare(p.severity, q.severity), p.raised.Compare(q.raised), strings.Compare(p.id, q.id))
}

// ConcernStateNames are the states a concern can be in, as ?state= takes them.
var ConcernStateNames = []string{setsafe.ConcernOpen, setsafe.ConcernAcknowledged, setsafe.ConcernActionPlanned, setsafe.ConcernResolved, setsafe.ConcernRejected}

// CheckReport checks the words of an anonymous report, before its photos,
// against the production as it is now: the command's own checks, run
// without appending it.
func (s *Server) CheckReport(r *http.Request, pid string, req AnonymousConcernRequest) error {
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return err
	}
	c := setsafe.RaiseConcern{ID: setsafe.NewID(), Category: req.Category, Severity: req.Severity, SetUpID: req.SetUpID, Hazard: req.Hazard,
		LocationID: req.LocationID, Location: req.Location, Description: req.Description, OccurredAt: req.OccurredAt, Mode: setsafe.ReportAnonymous, ReceiptHash: "drawn once the report is let through"}
	_, err = c.Decide(st, setsafe.Decision{Now: st.DecisionTime(s.Config.Clock.Now()), Actor: setsafe.Anonymous, Access: setsafe.Access{Actor: setsafe.Anonymous}})
	return err
}

// recordAnonymous reads and decodes the photos of an admitted report and
// records it with a new receipt code.
func (s *Server) recordAnonymous(r *http.Request, pid string, req AnonymousConcernRequest, more func() ([]PhotoUpload, error)) (ReceiptResult, error) {
	uploads := req.Photos
	if more != nil {
		var err error
		if uploads, err = more(); err != nil {
			return ReceiptResult{}, err
		}
	}
	photos, err := s.ConcernPhotos(r.Context(), uploads)
	if err != nil {
		return ReceiptResult{}, err
	}
	// The concern's ID first: the code is drawn from it.
	id := setsafe.NewID()
	code := s.receiptCode(r, pid, id)
	digits, _ := parseReceiptCode(code)
	hash, err := s.receiptHash(r.Context(), digits, pid)
	if err != nil {
		return ReceiptResult{}, err
	}
	_, err = s.Config.Ledger.Append(r.Context(), setsafe.On(pid, setsafe.Anonymous, setsafe.RaiseConcern{ID: id, Category: req.Category,
		Severity: req.Severity, SetUpID: req.SetUpID, Hazard: req.Hazard, LocationID: req.LocationID, Location: req.Location, Description: req.Description, OccurredAt: req.OccurredAt, Mode: setsafe.ReportAnonymous,
		ReceiptHash: hash, Photos: photos}))
	if err != nil {
		return ReceiptResult{}, err
	}
	return ReceiptResult{Code: code, ID: id}, nil
}

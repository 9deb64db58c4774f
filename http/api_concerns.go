package http

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"time"

	"github.com/setsafe/setsafe"
)

// ConcernRequest raises a concern by name or confidentially, signed in.
type ConcernRequest struct {
	// Category is firearms, stunts, vehicles, fatigue_and_hours,
	// fire_and_pyrotechnics, water, heights, animals, equipment or other.
	Category string `json:"category"`
	// Severity is critical, high or normal.
	Severity string `json:"severity"`
	// SetUpID or Location says where.
	SetUpID     string `json:"setup_id,omitempty"`
	Location    string `json:"location,omitempty"`
	Description string `json:"description"`
	// Mode is named (the handlers see your name) or confidential (only
	// the safety coordinator does).
	Mode   string        `json:"mode"`
	Photos []PhotoUpload `json:"photos,omitempty"`
}

// AnonymousConcernRequest raises a concern without signing in. Nothing
// that would say who sent it is kept. Its fields are in the order to send
// them: when the photos come last, the report's words and work are checked,
// and the report let through or refused, before the photos are read.
type AnonymousConcernRequest struct {
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	SetUpID     string `json:"setup_id,omitempty"`
	Location    string `json:"location,omitempty"`
	Description string `json:"description"`
	Work
	Photos []PhotoUpload `json:"photos,omitempty"`
}

// Work is what a request on the anonymous routes shows when many come in
// (429 says so): a challenge from GET /api/v1/report/{production}/challenge,
// fetched by the same client, and either a proof of work for it or,
// without one, the wait: a challenge at least wait_seconds old.
type Work struct {
	Challenge string `json:"challenge,omitempty"`
	// Proof is a number, in decimal, such that the SHA-256 of the challenge,
	// a colon and the proof starts with the challenge's bits of zeros.
	Proof string `json:"proof,omitempty"`
}

// ChallengeView is a challenge for the work asked when many reports or
// receipt codes come in: a proof of Bits of work, or the challenge Wait
// old. Each challenge is good once, for six hours, and only for the client
// that fetched it: sent from another address, it stands for nothing.
type ChallengeView struct {
	Challenge string `json:"challenge"`
	// Bits is the work asked of this client now: 0 when none is.
	Bits int `json:"bits"`
	// WaitSeconds is how old the challenge must be to stand for the work.
	WaitSeconds int `json:"wait_seconds"`
}

// PhotoUpload is a photo of the hazard: JPEG or PNG, up to 5 MiB. Its
// metadata (GPS position, camera, time taken) is removed before it is
// stored.
type PhotoUpload struct {
	ContentType string `json:"content_type"`
	// Data is the file, base64-encoded.
	Data []byte `json:"data"`
}

// ReceiptResult is an anonymous reporter's receipt code: shown once,
// stored only as a slow hash. A lost code cannot be recovered.
type ReceiptResult struct {
	Code string `json:"code"`
	ID   string `json:"id"`
}

// ConcernMoveRequest moves a concern on: acknowledged, action_planned,
// resolved or rejected, and why (required except to acknowledge).
type ConcernMoveRequest struct {
	State string `json:"state"`
	Why   string `json:"why,omitempty"`
}

// ConcernTextRequest is an answer to the reporter, or the reporter's
// reply.
type ConcernTextRequest struct {
	Text string `json:"text"`
}

// ReceiptRequest names an anonymous concern by its receipt code.
type ReceiptRequest struct {
	Code string `json:"code"`
	Work
}

// ReceiptReplyRequest is an anonymous reporter's reply, with the receipt
// code.
type ReceiptReplyRequest struct {
	Code string `json:"code"`
	Text string `json:"text"`
	Work
}

// ConcernView is a concern as the caller may see it: a confidential
// reporter's name is left out for all but the safety coordinator and the
// reporter. Overdue is by the server's clock.
type ConcernView struct {
	setsafe.Concern
	Overdue bool `json:"overdue"`
}

// ConcernList is a production's concerns, most urgent first.
type ConcernList struct {
	// Now is the server's time the overdue flags were worked out at.
	Now      time.Time     `json:"now"`
	Concerns []ConcernView `json:"concerns"`
}

// ConcernDetail is a concern with its conversation and photos.
type ConcernDetail struct {
	Concern  ConcernView               `json:"concern"`
	Messages []*setsafe.ConcernMessage `json:"messages"`
	Photos   []*setsafe.Attachment     `json:"photos"`
}

func (s *Server) concernRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const one = prod + "/concerns/{concern}"
	const report = "/api/v1/report/{production}"
	return []route{
		{method: "POST", path: prod + "/concerns", tag: tagConcerns, summary: "Raise a concern by name or confidentially (anyone on the production but the read-only investigator).", signedIn: true,
			body: ConcernRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: withPhotos(s.raiseConcern),
			example: ConcernRequest{Category: "stunts", Severity: "high", Location: "Stable yard", Description: "The fall mat by the stable has a tear along one seam", Mode: "confidential"}},
		{method: "GET", path: prod + "/concerns", tag: tagConcerns, summary: "Concerns: every one for those who handle them, otherwise the ones you raised; overdue flagged.", signedIn: true,
			response: ConcernList{}, handle: s.listConcerns, query: []queryParam{
				{name: "state", description: "Only concerns in this state.", schema: oneOf(concernStateNames...)},
				{name: "severity", description: "Only concerns of this severity.", schema: oneOf(setsafe.Severities...)}}},
		{method: "GET", path: one, tag: tagConcerns, summary: "One concern with its conversation and photos.", signedIn: true,
			response: ConcernDetail{}, handle: s.getConcern},
		{method: "POST", path: one + "/move", tag: tagConcerns, summary: "Acknowledge a concern, plan action, resolve or reject it, with why.", signedIn: true,
			body: ConcernMoveRequest{}, response: RecordedResult{}, handle: decoded(s.moveConcern),
			example: ConcernMoveRequest{State: "action_planned", Why: "The mat is replaced before the next fall"}},
		{method: "POST", path: one + "/answers", tag: tagConcerns, summary: "Answer the reporter.", signedIn: true,
			body: ConcernTextRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: decoded(s.answerConcern),
			example: ConcernTextRequest{Text: "Thank you. The armorer is checking every dummy round now."}},
		{method: "POST", path: one + "/replies", tag: tagConcerns, summary: "Reply as the person who raised the concern.", signedIn: true,
			body: ConcernTextRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: decoded(s.replyToConcern),
			example: ConcernTextRequest{Text: "It happened again after lunch."}},
		{method: "GET", path: one + "/photos/{file}", tag: tagConcerns, summary: "A photo of a concern.", signedIn: true,
			produces: servedPhotoTypes, handle: s.concernPhoto},

		{method: "GET", path: report + "/challenge", tag: tagConcerns, summary: "A challenge for the work asked of anonymous reports and receipt codes when many come in.",
			response: ChallengeView{}, handle: s.anonymousChallenge},
		{method: "POST", path: report + "/concerns", tag: tagConcerns, summary: "Raise a concern anonymously, without signing in; answers with the receipt code, shown once. " +
			"Send the photos last, so that a report refused is refused before they are read.",
			body: AnonymousConcernRequest{}, response: ReceiptResult{}, status: http.StatusCreated, handle: s.raiseAnonymousConcern,
			example: AnonymousConcernRequest{Category: "firearms", Severity: "critical", Location: "Church set", Description: "Someone was plinking with the prop guns at lunch"}},
		{method: "POST", path: report + "/receipt", tag: tagConcerns, summary: "Read an anonymous concern, its state and every answer, with its receipt code.",
			body: ReceiptRequest{}, response: ConcernDetail{}, handle: decoded(s.readByReceipt), example: ReceiptRequest{Code: "4821 0937 5512 8804 3176"}},
		{method: "POST", path: report + "/receipt/replies", tag: tagConcerns, summary: "Reply to the answers to an anonymous concern, with its receipt code.",
			body: ReceiptReplyRequest{}, response: RecordedResult{}, status: http.StatusCreated, handle: decoded(s.replyByReceipt),
			example: ReceiptReplyRequest{Code: "4821 0937 5512 8804 3176", Text: "It was the revolver in the second prop case."}},
	}
}

// maxConcernBody is the largest concern the API reads: its photos,
// base64-encoded, and its words.
const maxConcernBody = setsafe.MaxConcernPhotos*setsafe.MaxFileSize*4/3 + MaxBody

// withPhotos is decoded for a request that may carry photos, up to
// maxConcernBody bytes.
func withPhotos[T any](handle func(w http.ResponseWriter, r *http.Request, req T) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			return setsafe.Errorf(setsafe.EInvalid, "Send the request body as JSON, with the header Content-Type: application/json.")
		}
		var req T
		if err := decodeBody(http.MaxBytesReader(w, r.Body, maxConcernBody), &req); err != nil {
			return err
		}
		return handle(w, r, req)
	}
}

// concernPhotos strips the metadata of the photos sent with a concern.
func (s *Server) concernPhotos(ctx context.Context, photos []PhotoUpload) ([]setsafe.File, error) {
	if len(photos) > setsafe.MaxConcernPhotos {
		return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: fmt.Sprintf("Send at most %d photos.", setsafe.MaxConcernPhotos),
			Fields: map[string]string{"photos": fmt.Sprintf("may be at most %d", setsafe.MaxConcernPhotos)}}
	}
	var files []setsafe.File
	for _, p := range photos {
		f, err := s.photos().Strip(ctx, "photos", p.ContentType, p.Data)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

func (s *Server) raiseConcern(w http.ResponseWriter, r *http.Request, req ConcernRequest) error {
	photos, err := s.concernPhotos(r.Context(), req.Photos)
	if err != nil {
		return err
	}
	id := setsafe.NewID()
	return s.recordedAnswer(w, r, http.StatusCreated, id, setsafe.RaiseConcern{ID: id, Category: req.Category, Severity: req.Severity,
		SetUpID: req.SetUpID, Location: req.Location, Description: req.Description, Mode: req.Mode, Photos: photos, ReporterSeal: s.confidentialSeal(r, req.Mode, id)})
}

// raiseAnonymous raises an anonymous concern as the anonymous actor, on a
// production the caller found, and returns the receipt code. Its words are
// checked first, then its limits, then the photos: those of req, or those
// more reads. Its routes never read the session or the Authorization
// header, and nothing about the request is kept.
func (s *Server) raiseAnonymous(r *http.Request, pid string, req AnonymousConcernRequest, more func() ([]PhotoUpload, error)) (ReceiptResult, error) {
	undo, err := s.admitAnonymous(r, pid, req)
	if err != nil {
		return ReceiptResult{}, err
	}
	return s.recordAdmitted(r, pid, req, undo, more)
}

// admitAnonymous checks an anonymous report's words as the ledger will,
// then counts it against its limits (see anonymousLimits.admitReport), so
// that a report that cannot be recorded uses up no allowance and costs no
// slow hash. undo gives back what it counted and the work it spent.
func (s *Server) admitAnonymous(r *http.Request, pid string, req AnonymousConcernRequest) (undo func(), err error) {
	if err := s.checkReport(r, pid, req); err != nil {
		return nil, err
	}
	client := clientKey(r)
	spent, err := s.anonymous.admitReport(client, pid, req.Severity, req.Challenge, req.Proof)
	if err != nil {
		return nil, err
	}
	return func() {
		s.anonymous.unsent(client, pid)
		if spent {
			// Unrecorded, the report may be sent again with the same work.
			s.anonymous.challenges.release(req.Challenge)
		}
	}, nil
}

// checkReport checks the words of an anonymous report, before its photos,
// against the production as it is now: the command's own checks, run
// without appending it.
func (s *Server) checkReport(r *http.Request, pid string, req AnonymousConcernRequest) error {
	st, err := s.cfg.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return err
	}
	c := setsafe.RaiseConcern{ID: setsafe.NewID(), Category: req.Category, Severity: req.Severity, SetUpID: req.SetUpID, Location: req.Location,
		Description: req.Description, Mode: setsafe.ReportAnonymous, ReceiptHash: "drawn once the report is let through"}
	_, err = c.Decide(st, setsafe.Decision{Now: st.DecisionTime(s.cfg.Clock.Now()), Actor: setsafe.Anonymous, Access: setsafe.Access{Actor: setsafe.Anonymous}})
	return err
}

// recordAdmitted reads and decodes the photos of an admitted report and
// records it with a new receipt code, or, recording nothing, undoes its
// admission.
func (s *Server) recordAdmitted(r *http.Request, pid string, req AnonymousConcernRequest, undo func(), more func() ([]PhotoUpload, error)) (ReceiptResult, error) {
	res, err := s.recordAnonymous(r, pid, req, more)
	if err != nil {
		undo()
	}
	return res, err
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
	photos, err := s.concernPhotos(r.Context(), uploads)
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
	_, err = s.cfg.Ledger.Append(r.Context(), setsafe.On(pid, setsafe.Anonymous, setsafe.RaiseConcern{ID: id, Category: req.Category,
		Severity: req.Severity, SetUpID: req.SetUpID, Location: req.Location, Description: req.Description, Mode: setsafe.ReportAnonymous,
		ReceiptHash: hash, Photos: photos}))
	if err != nil {
		return ReceiptResult{}, err
	}
	return ReceiptResult{Code: code, ID: id}, nil
}

// raiseAnonymousConcern checks the production before it reads the body,
// and the report's words and limits before its photos when they come
// first (see decodeReport).
func (s *Server) raiseAnonymousConcern(w http.ResponseWriter, r *http.Request) error {
	prod, err := s.anonymousProduction(r)
	if err != nil {
		return err
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return setsafe.Errorf(setsafe.EInvalid, "Send the request body as JSON, with the header Content-Type: application/json.")
	}
	var req AnonymousConcernRequest
	var undo func()
	err = decodeReport(http.MaxBytesReader(w, r.Body, maxConcernBody), &req, func(seen map[string]bool) error {
		if !seen["category"] || !seen["severity"] || !seen["description"] {
			return nil // checked once the photos are read
		}
		if err := s.checkReport(r, prod.ID, req); err != nil {
			return err
		}
		bits, err := s.anonymous.peekReport(clientKey(r), prod.ID, req.Severity)
		if err != nil || bits > 0 && (!seen["challenge"] || !seen["proof"]) {
			return err // refused whatever follows, or its work may follow the photos
		}
		undo, err = s.admitAnonymous(r, prod.ID, req)
		return err
	})
	if err == nil && undo == nil {
		undo, err = s.admitAnonymous(r, prod.ID, req)
	} else if err != nil && undo != nil {
		undo()
	}
	if err != nil {
		return challengeForAPI(err, prod.ID)
	}
	res, err := s.recordAdmitted(r, prod.ID, req, undo, nil)
	if err != nil {
		return challengeForAPI(err, prod.ID)
	}
	writeJSON(w, http.StatusCreated, res)
	return nil
}

func (s *Server) anonymousChallenge(w http.ResponseWriter, r *http.Request) error {
	prod, err := s.anonymousProduction(r)
	if err != nil {
		return err
	}
	challenge, bits := s.challengeFor(r, prod.ID, "")
	writeJSON(w, http.StatusOK, ChallengeView{Challenge: challenge, Bits: bits, WaitSeconds: seconds(workWaitFor(bits))})
	return nil
}

// concernView is a concern as the caller may see it: a confidential
// reporter is named to those who may know only.
func (s *Server) concernView(a setsafe.Access, st *setsafe.State, c *setsafe.Concern, now time.Time) ConcernView {
	v := ConcernView{Concern: *c, Overdue: c.Overdue(now)}
	switch {
	case !st.SeesReporter(a, s.reporterKey, c):
		v.Reporter = ""
	case c.ReporterSeal != "":
		v.Reporter = st.ReporterOf(s.reporterKey, c)
	}
	return v
}

// concernDetail is a concern with its conversation as the caller may see
// it: a confidential reporter's replies carry their name for those who
// may know only.
func (s *Server) concernDetail(r *http.Request, a setsafe.Access, st *setsafe.State, c *setsafe.Concern) (ConcernDetail, error) {
	d := ConcernDetail{Concern: s.concernView(a, st, c, s.cfg.Clock.Now()), Messages: []*setsafe.ConcernMessage{}, Photos: []*setsafe.Attachment{}}
	sees := st.SeesReporter(a, s.reporterKey, c)
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

// concernOrder puts the most urgent first: open before closed, overdue
// first, then by severity, then the oldest.
func concernOrder(now time.Time) func(a, b ConcernView) int {
	rank := func(c ConcernView) int {
		switch {
		case c.Closed():
			return 3
		case c.Overdue:
			return 0
		}
		return 1
	}
	return func(a, b ConcernView) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		if d := slices.Index(setsafe.Severities, a.Severity) - slices.Index(setsafe.Severities, b.Severity); d != 0 {
			return d
		}
		return a.RaisedAt.Compare(b.RaisedAt)
	}
}

// visibleConcerns returns the concerns the caller may read, filtered by
// state and severity, most urgent first.
// concernStateNames are the states a concern can be in, as ?state= takes them.
var concernStateNames = []string{setsafe.ConcernOpen, setsafe.ConcernAcknowledged, setsafe.ConcernActionPlanned, setsafe.ConcernResolved, setsafe.ConcernRejected}

func (s *Server) visibleConcerns(a setsafe.Access, st *setsafe.State, state, severity string) ([]ConcernView, time.Time, error) {
	p := setsafe.Problems{}
	if state != "" && !slices.Contains(concernStateNames, state) {
		p.Add("state", "must be open, acknowledged, action_planned, resolved or rejected")
	}
	if severity != "" && !slices.Contains(setsafe.Severities, severity) {
		p.Add("severity", "must be critical, high or normal")
	}
	if err := p.Err(); err != nil {
		return nil, time.Time{}, err
	}
	now := s.cfg.Clock.Now()
	out := []ConcernView{}
	for _, c := range st.Concerns() {
		if !st.MayReadConcern(a, s.reporterKey, c) || state != "" && c.State != state || severity != "" && c.Severity != severity {
			continue
		}
		out = append(out, s.concernView(a, st, c, now))
	}
	slices.SortStableFunc(out, concernOrder(now))
	return out, now, nil
}

func (s *Server) listConcerns(w http.ResponseWriter, r *http.Request) error {
	a, st, err := s.authorized(r, nil)
	if err != nil {
		return err
	}
	list, now, err := s.visibleConcerns(a, st, r.URL.Query().Get("state"), r.URL.Query().Get("severity"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ConcernList{Now: now, Concerns: list})
	return nil
}

// readableConcern returns the concern in the URL if the caller may read
// it; to others it does not exist.
func (s *Server) readableConcern(r *http.Request) (setsafe.Access, *setsafe.State, *setsafe.Concern, error) {
	a, st, err := s.authorized(r, nil)
	if err != nil {
		return a, nil, nil, err
	}
	c := st.Concern(r.PathValue("concern"))
	if c == nil || !st.MayReadConcern(a, s.reporterKey, c) {
		return a, nil, nil, setsafe.Errorf(setsafe.ENotFound, "There is no concern %q that you can read.", r.PathValue("concern"))
	}
	return a, st, c, nil
}

func (s *Server) getConcern(w http.ResponseWriter, r *http.Request) error {
	a, st, c, err := s.readableConcern(r)
	if err != nil {
		return err
	}
	d, err := s.concernDetail(r, a, st, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) concernPhoto(w http.ResponseWriter, r *http.Request) error {
	_, st, c, err := s.readableConcern(r)
	if err != nil {
		return err
	}
	sha := r.PathValue("file")
	if !slices.ContainsFunc(st.Attachments(), func(at *setsafe.Attachment) bool {
		return at.Subject == setsafe.SubjectConcern && at.SubjectID == c.ID && at.File == sha
	}) {
		return setsafe.Errorf(setsafe.ENotFound, "The concern has no photo %q.", sha)
	}
	contentType, data, err := s.cfg.Armory.File(r.Context(), st.Ledger, sha)
	if err != nil {
		return err
	}
	writeFile(w, contentType, data)
	return nil
}

func (s *Server) moveConcern(w http.ResponseWriter, r *http.Request, req ConcernMoveRequest) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("concern")))
}

func (s *Server) answerConcern(w http.ResponseWriter, r *http.Request, req ConcernTextRequest) error {
	return s.recordedAnswer(w, r, http.StatusCreated, "", req.Answer(r.PathValue("concern")))
}

func (s *Server) replyToConcern(w http.ResponseWriter, r *http.Request, req ConcernTextRequest) error {
	id := r.PathValue("concern")
	return s.recordedAnswer(w, r, http.StatusCreated, "", req.Reply(id, s.callerSeal(r, id)))
}

// byReceipt finds the anonymous concern a receipt code belongs to. Every
// code typed is counted before it is hashed; too many are refused (see
// anonymousLimits.admitLookup).
func (s *Server) byReceipt(r *http.Request, code string, work Work) (*setsafe.State, *setsafe.Concern, error) {
	pid, err := productionID(r)
	if err != nil {
		return nil, nil, err
	}
	digits, ok := parseReceiptCode(code)
	if !ok {
		return nil, nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "A receipt code is 20 digits, as it was shown when the concern was raised.",
			Fields: map[string]string{"code": "must be the 20 digits of the receipt code"}}
	}
	client, key := clientKey(r), s.anonymous.codeKey(pid, digits)
	id, err := s.anonymous.admitLookup(client, pid, key, work.Challenge, work.Proof)
	if err != nil {
		return nil, nil, err
	}
	if id == "" {
		hash, err := s.receiptHash(r.Context(), digits, pid)
		if err != nil {
			return nil, nil, err
		}
		id, err = s.cfg.Credentials.CredentialSubject(r.Context(), pid, setsafe.CredentialReceipt, hash)
		if setsafe.ErrorCode(err) == setsafe.ENotFound {
			return nil, nil, &setsafe.Error{Code: setsafe.ENotFound, Message: "No concern has this receipt code. Check the digits; a lost code cannot be recovered.",
				Fields: map[string]string{"code": "matches no concern of this production"}}
		}
		if err != nil {
			return nil, nil, err
		}
		s.anonymous.found(client, pid, key, id)
	}
	st, err := s.cfg.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return nil, nil, err
	}
	c := st.Concern(id)
	if c == nil {
		return nil, nil, setsafe.Errorf(setsafe.ENotFound, "No concern has this receipt code.")
	}
	return st, c, nil
}

func (s *Server) readByReceipt(w http.ResponseWriter, r *http.Request, req ReceiptRequest) error {
	st, c, err := s.byReceipt(r, req.Code, req.Work)
	if err != nil {
		return challengeForAPI(err, r.PathValue("production"))
	}
	d, err := s.concernDetail(r, setsafe.Access{Actor: setsafe.Anonymous}, st, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) replyByReceipt(w http.ResponseWriter, r *http.Request, req ReceiptReplyRequest) error {
	st, c, err := s.byReceipt(r, req.Code, req.Work)
	if err != nil {
		return challengeForAPI(err, r.PathValue("production"))
	}
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(st.Ledger, setsafe.Anonymous, setsafe.ReplyToConcern{ID: c.ID, Text: req.Text}))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, RecordedResult{Recorded: recorded(evs)})
	return nil
}

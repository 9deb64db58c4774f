package api

import (
	"mime"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

func (s *handlers) concernRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const one = prod + "/concerns/{concern}"
	const report = "/api/v1/report/{production}"
	return []route{
		{method: "POST", path: prod + "/concerns", tag: tagConcerns, summary: "Raise a concern by name or confidentially (anyone on the production but the read-only investigator).", signedIn: true,
			body: sshttp.ConcernRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: withPhotos(s.raiseConcern),
			created: createdAs(prod+"/concerns/{id}", func(b *setsafe.ConcernRaised) string { return b.ID }),
			example: sshttp.ConcernRequest{Category: "stunts", Severity: "high", Location: "Stable yard", Description: "The fall mat by the stable has a tear along one seam", Mode: "confidential"}},
		{method: "GET", path: prod + "/concerns", tag: tagConcerns, summary: "Concerns: every one for those who handle them, otherwise the ones you raised; overdue flagged.", signedIn: true,
			response: sshttp.ConcernList{}, handle: s.listConcerns, query: append([]queryParam{
				{name: "state", description: "Only concerns in this state.", schema: oneOf(sshttp.ConcernStateNames...)},
				{name: "severity", description: "Only concerns of this severity.", schema: oneOf(setsafe.Severities...)}},
				partQueryNoting("A walk through the parts keeps the order of its first part, and its now and overdue flags, so that a concern falling overdue meanwhile is neither missed nor read twice.")...)},
		{method: "GET", path: one, tag: tagConcerns, summary: "One concern with its conversation and photos.", signedIn: true,
			response: sshttp.ConcernDetail{}, handle: s.getConcern},
		{method: "POST", path: one + "/move", tag: tagConcerns, summary: "Acknowledge a concern, plan action, resolve or reject it, with why.", signedIn: true,
			body: sshttp.ConcernMoveRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.moveConcern),
			example: sshttp.ConcernMoveRequest{State: "action_planned", Why: "The mat is replaced before the next fall"}},
		{method: "POST", path: one + "/triage", tag: tagConcerns, summary: "Triage a concern: founded, or unfounded with the reason (the safety coordinator or a producer). " +
			"An anonymous critical concern climbs the ladder until it is triaged; its reporter reads the triage with the receipt code.", signedIn: true,
			body: sshttp.ConcernTriageRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.triageConcern),
			example: sshttp.ConcernTriageRequest{Triage: "unfounded", Reason: "The rail was inspected and signed off this morning"}},
		{method: "POST", path: one + "/decision", tag: tagConcerns, summary: "Decide on the work an open critical concern stops: proceed, with the measures taken, or stop until it is resolved " +
			"(the safety coordinator or a producer). Until someone decides to proceed, it stops the set-up, the location and the hazard it names.", signedIn: true,
			body: sshttp.ConcernDecisionRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.decideConcern),
			example: sshttp.ConcernDecisionRequest{Decision: "proceed", Reason: "Harnesses on and a rail up before anyone climbs"}},
		{method: "POST", path: one + "/answers", tag: tagConcerns, summary: "Answer the reporter.", signedIn: true,
			body: sshttp.ConcernTextRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.answerConcern), created: createdWithin(one),
			example: sshttp.ConcernTextRequest{Text: "Thank you. The armorer is checking every dummy round now."}},
		{method: "POST", path: one + "/replies", tag: tagConcerns, summary: "Reply as the person who raised the concern.", signedIn: true,
			body: sshttp.ConcernTextRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.replyToConcern), created: createdWithin(one),
			example: sshttp.ConcernTextRequest{Text: "It happened again after lunch."}},
		{method: "GET", path: one + "/photos/{file}", tag: tagConcerns, summary: "A photo of a concern.", signedIn: true,
			produces: servedPhotoTypes, handle: s.concernPhoto},

		{method: "GET", path: report + "/challenge", tag: tagConcerns, summary: "A challenge for the work asked of anonymous reports and receipt codes when many come in.",
			response: sshttp.ChallengeView{}, handle: s.anonymousChallenge},
		{method: "POST", path: report + "/concerns", tag: tagConcerns, summary: "Raise a concern anonymously, without signing in; answers with the receipt code, shown once. " +
			"Send the photos last, so that a report refused is refused before they are read.",
			body: sshttp.AnonymousConcernRequest{}, response: sshttp.ReceiptResult{}, status: http.StatusCreated, handle: s.raiseAnonymousConcern, created: byReceipt,
			example: sshttp.AnonymousConcernRequest{Category: "firearms", Severity: "critical", Location: "Church set", Description: "Someone was plinking with the prop guns at lunch"}},
		{method: "POST", path: report + "/receipt", tag: tagConcerns, summary: "Read an anonymous concern, its state and every answer, with its receipt code.",
			body: sshttp.ReceiptRequest{}, response: sshttp.ConcernDetail{}, handle: decoded(s.readByReceipt), example: sshttp.ReceiptRequest{Code: "4821 0937 5512 8804 3176"}},
		{method: "POST", path: report + "/receipt/replies", tag: tagConcerns, summary: "Reply to the answers to an anonymous concern, with its receipt code.",
			body: sshttp.ReceiptReplyRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.replyByReceipt), created: byReceipt,
			example: sshttp.ReceiptReplyRequest{Code: "4821 0937 5512 8804 3176", Text: "It was the revolver in the second prop case."}},
	}
}

// byReceipt locates what an anonymous reporter sends: the route that reads
// it with its receipt code (by POST). The concern's own path answers only
// those signed in who may read it, and the reporter is not signed in.
var byReceipt = createdWithin("/api/v1/report/{production}/receipt")

// maxConcernBody is the largest concern the API reads: its photos,
// base64-encoded, and its words.
const maxConcernBody = setsafe.MaxConcernPhotos*setsafe.MaxFileSize*4/3 + sshttp.MaxBody

// withPhotos is decoded for a request that may carry photos, up to
// maxConcernBody bytes.
func withPhotos[T any](handle func(w http.ResponseWriter, r *http.Request, req T) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			return setsafe.Errorf(setsafe.EInvalid, "Send the request body as JSON, with the header Content-Type: application/json.")
		}
		var req T
		if err := sshttp.DecodeBody(http.MaxBytesReader(w, r.Body, maxConcernBody), &req); err != nil {
			return err
		}
		return handle(w, r, req)
	}
}

func (s *handlers) raiseConcern(w http.ResponseWriter, r *http.Request, req sshttp.ConcernRequest) error {
	photos, err := s.ConcernPhotos(r.Context(), req.Photos)
	if err != nil {
		return err
	}
	id := setsafe.NewID()
	return s.RecordedAnswer(w, r, http.StatusCreated, id, setsafe.RaiseConcern{ID: id, Category: req.Category, Severity: req.Severity,
		SetUpID: req.SetUpID, Hazard: req.Hazard, LocationID: req.LocationID, Location: req.Location, Description: req.Description, OccurredAt: req.OccurredAt, Mode: req.Mode, Photos: photos, ReporterSeal: s.ConfidentialSeal(r, req.Mode, id)})
}

// raiseAnonymousConcern checks the production before it reads the body,
// and the report's words and limits before its photos when they come
// first (see decodeReport).
func (s *handlers) raiseAnonymousConcern(w http.ResponseWriter, r *http.Request) error {
	prod, err := s.AnonymousProduction(r)
	if err != nil {
		return err
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return setsafe.Errorf(setsafe.EInvalid, "Send the request body as JSON, with the header Content-Type: application/json.")
	}
	var req sshttp.AnonymousConcernRequest
	var undo func()
	err = sshttp.DecodeReport(http.MaxBytesReader(w, r.Body, maxConcernBody), &req, func(seen map[string]bool) error {
		if !seen["category"] || !seen["severity"] || !seen["description"] {
			return nil // checked once the photos are read
		}
		if err := s.CheckReport(r, prod.ID, req); err != nil {
			return err
		}
		bits, err := s.Anonymous.PeekReport(sshttp.ClientKey(r), prod.ID, req.Severity)
		if err != nil || bits > 0 && (!seen["challenge"] || !seen["proof"]) {
			return err // refused whatever follows, or its work may follow the photos
		}
		undo, err = s.AdmitAnonymous(r, prod.ID, req)
		return err
	})
	if err == nil && undo == nil {
		undo, err = s.AdmitAnonymous(r, prod.ID, req)
	} else if err != nil && undo != nil {
		undo()
	}
	if err != nil {
		return sshttp.ChallengeForAPI(err, prod.ID)
	}
	res, err := s.RecordAdmitted(r, prod.ID, req, undo, nil)
	if err != nil {
		return sshttp.ChallengeForAPI(err, prod.ID)
	}
	sshttp.WriteJSON(w, http.StatusCreated, res)
	return nil
}

func (s *handlers) anonymousChallenge(w http.ResponseWriter, r *http.Request) error {
	prod, err := s.AnonymousProduction(r)
	if err != nil {
		return err
	}
	challenge, bits := s.ChallengeFor(r, prod.ID, "")
	sshttp.WriteJSON(w, http.StatusOK, sshttp.ChallengeView{Challenge: challenge, Bits: bits, WaitSeconds: sshttp.Seconds(sshttp.WorkWaitFor(bits))})
	return nil
}

func (s *handlers) listConcerns(w http.ResponseWriter, r *http.Request) error {
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return err
	}
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	list, err := s.ConcernsAfter(a, st, r.URL.Query().Get("state"), r.URL.Query().Get("severity"), part)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, list)
	return nil
}

func (s *handlers) getConcern(w http.ResponseWriter, r *http.Request) error {
	a, st, c, err := s.ReadableConcern(r)
	if err != nil {
		return err
	}
	d, err := s.ConcernDetail(r, a, st, c)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *handlers) concernPhoto(w http.ResponseWriter, r *http.Request) error {
	_, st, c, err := s.ReadableConcern(r)
	if err != nil {
		return err
	}
	sha := r.PathValue("file")
	if !slices.ContainsFunc(st.Attachments(), func(at *setsafe.Attachment) bool {
		return at.Subject == setsafe.SubjectConcern && at.SubjectID == c.ID && at.File == sha
	}) {
		return setsafe.Errorf(setsafe.ENotFound, "The concern has no photo %q.", sha)
	}
	contentType, data, err := s.Config.Armory.File(r.Context(), st.Ledger, sha)
	if err != nil {
		return err
	}
	writeFile(w, contentType, data)
	return nil
}

func (s *handlers) moveConcern(w http.ResponseWriter, r *http.Request, req sshttp.ConcernMoveRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("concern")))
}

func (s *handlers) triageConcern(w http.ResponseWriter, r *http.Request, req sshttp.ConcernTriageRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("concern")))
}

func (s *handlers) decideConcern(w http.ResponseWriter, r *http.Request, req sshttp.ConcernDecisionRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(r.PathValue("concern")))
}

func (s *handlers) answerConcern(w http.ResponseWriter, r *http.Request, req sshttp.ConcernTextRequest) error {
	return s.RecordedAnswer(w, r, http.StatusCreated, "", req.Answer(r.PathValue("concern")))
}

func (s *handlers) replyToConcern(w http.ResponseWriter, r *http.Request, req sshttp.ConcernTextRequest) error {
	id := r.PathValue("concern")
	return s.RecordedAnswer(w, r, http.StatusCreated, "", req.Reply(id, s.CallerSeal(r, id)))
}

func (s *handlers) readByReceipt(w http.ResponseWriter, r *http.Request, req sshttp.ReceiptRequest) error {
	st, c, err := s.ByReceipt(r, req.Code, req.Work)
	if err != nil {
		return sshttp.ChallengeForAPI(err, r.PathValue("production"))
	}
	d, err := s.ConcernDetail(r, setsafe.Access{Actor: setsafe.Anonymous}, st, c)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *handlers) replyByReceipt(w http.ResponseWriter, r *http.Request, req sshttp.ReceiptReplyRequest) error {
	st, c, err := s.ByReceipt(r, req.Code, req.Work)
	if err != nil {
		return sshttp.ChallengeForAPI(err, r.PathValue("production"))
	}
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(st.Ledger, setsafe.Anonymous, setsafe.ReplyToConcern{ID: c.ID, Text: req.Text}))
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusCreated, sshttp.RecordedResult{Recorded: sshttp.Recorded(evs)})
	return nil
}

package http

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
)

// StatusOf maps setsafe error codes to HTTP status codes: the one place
// where this happens.
var StatusOf = map[string]int{
	setsafe.EInvalid:      http.StatusBadRequest,
	setsafe.ENotFound:     http.StatusNotFound,
	setsafe.EConflict:     http.StatusConflict,
	codeKeyReused:         http.StatusUnprocessableEntity,
	setsafe.EUnauthorized: http.StatusUnauthorized,
	setsafe.EForbidden:    http.StatusForbidden,
	setsafe.ERefused:      http.StatusConflict,
	setsafe.ETooLarge:     http.StatusRequestEntityTooLarge,
	setsafe.ERateLimited:  http.StatusTooManyRequests,
	setsafe.EUnavailable:  http.StatusServiceUnavailable,
	setsafe.EInternal:     http.StatusInternalServerError,
}

// ProblemMediaType is the media type of every API error (RFC 9457).
const ProblemMediaType = "application/problem+json"

// ProblemTypes is the path under which each kind of API error has its
// type: the path and the error's code, a URI relative to the server (RFC
// 9457 type). GET on it describes the kind of error.
const ProblemTypes = "/api/v1/problems/"

// problemKinds are the title and the meaning of each error code.
var problemKinds = map[string]struct{ title, meaning string }{
	setsafe.EInvalid: {"The request is not valid",
		"Something in the request is wrong or missing; fields names each input and what is wrong with it."},
	setsafe.ENotFound: {"Not found",
		"What the path names does not exist, or is hidden from the caller."},
	setsafe.EConflict: {"Conflict with the current state",
		"The request clashes with how things stand now (a person or firearm that seems to be there already, " +
			"or the same Idempotency-Key still being answered); the message says what to do."},
	codeKeyReused: {"Idempotency-Key sent with another request",
		"The Idempotency-Key was sent before, within 24 hours, with another request. Send a new key with a new request."},
	setsafe.EUnauthorized: {"Not signed in",
		"Sign in first, or the credentials sent (a password, a PIN, a token) are wrong."},
	setsafe.EForbidden: {"Not allowed",
		"Signed in, but no role the caller holds allows this."},
	setsafe.ERefused: {"Refused by a safety rule",
		"A safety rule refuses the action now; rules lists each rule that refused it, with its ID and why. The refusal is recorded."},
	setsafe.ETooLarge: {"Request too large",
		"The request body is larger than this route takes."},
	setsafe.ERateLimited: {"Too many attempts",
		"Too many attempts or reports; Retry-After says when to try again."},
	setsafe.EUnavailable: {"Busy or unavailable",
		"The server is busy (hashing, photos) or its database does not answer; try again in a moment."},
	setsafe.EInternal: {"Internal error",
		"A fault inside setsafe. It is logged, and not shown; if it persists, tell the site administrator."},
}

// Problem is the body of every API error: an RFC 9457 problem details
// object, sent as application/problem+json. Beside the standard members,
// setsafe's own (code, message, fields, rules) are extension members.
type Problem struct {
	// Type names the kind of problem: /api/v1/problems/ and the code,
	// relative to the server. GET on it describes the kind.
	Type string `json:"type"`
	// Title is the kind's short summary, the same for every problem of
	// the kind.
	Title string `json:"title"`
	// Status is the answer's HTTP status.
	Status int `json:"status"`
	// Detail says what went wrong this time; it is the message.
	Detail string `json:"detail"`
	ErrorDetail
}

// ErrorDetail says what went wrong: setsafe's members of a Problem.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Rules lists the safety rules that refused an action.
	Rules []setsafe.RuleFinding `json:"rules,omitempty"`
}

// NewProblem returns the problem an answer of the given status tells.
func NewProblem(status int, d ErrorDetail) Problem {
	return Problem{Type: ProblemTypes + d.Code, Title: problemKinds[d.Code].title, Status: status, Detail: d.Message, ErrorDetail: d}
}

// ProblemType describes one kind of API error: what GET on a problem's
// type answers.
type ProblemType struct {
	Type  string `json:"type"`
	Code  string `json:"code"`
	Title string `json:"title"`
	// Status is the HTTP status problems of this kind are answered with.
	Status int `json:"status"`
	// Meaning says when the kind of problem arises and what to do.
	Meaning string `json:"meaning"`
}

// ProblemTypeOf returns the kind of API error with a code, if there is
// one.
func ProblemTypeOf(code string) (ProblemType, bool) {
	k, ok := problemKinds[code]
	if !ok {
		return ProblemType{}, false
	}
	return ProblemType{Type: ProblemTypes + code, Code: code, Title: k.title, Status: StatusOf[code], Meaning: k.meaning}, true
}

// ProblemCodes returns every error code, sorted.
func ProblemCodes() []string {
	var codes []string
	for code := range StatusOf {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	return codes
}

// Fail answers a request with an error: a problem for the API, a page for
// people. Internal errors are logged with their cause, except the
// anonymous reporter's (see Unlogged), and shown as "internal error".
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) {
	code := setsafe.ErrorCode(err)
	status := StatusOf[code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if (code == setsafe.EInternal || code == setsafe.EUnavailable) && !Unlogged(r) {
		s.log.Error("request failed", "method", r.Method, "route", routeOf(r), "code", code, "err", err)
	}
	detail := ErrorDetail{Code: code, Message: setsafe.ErrorMessage(err)}
	if e, ok := errors.AsType[*setsafe.Error](err); ok {
		detail.Fields, detail.Rules = e.Fields, e.Rules
	}
	if code == setsafe.EInternal {
		detail.Message = "Internal error. It has been logged; if it persists, tell the site administrator."
		if Unlogged(r) {
			detail.Message = "Internal error. Nothing about your report is logged; if it persists, tell the safety coordinator in person."
		}
	}
	if code == setsafe.EUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="setsafe"`)
	}
	SetRetryAfter(w, err)
	if wantsHTML(r) && s.ErrorPage != nil {
		s.ErrorPage(w, r, status, detail)
		return
	}
	WriteProblem(w, status, detail)
}

// WriteProblem answers with an API error of the given status.
func WriteProblem(w http.ResponseWriter, status int, d ErrorDetail) {
	writeJSON(w, ProblemMediaType, status, NewProblem(status, d))
}

// wantsHTML says whether an error is answered with a page: anywhere but
// the API, the health and readiness checks and the metrics.
func wantsHTML(r *http.Request) bool {
	switch r.URL.Path {
	case "/healthz", "/readyz", "/metrics":
		return false
	}
	return !strings.HasPrefix(r.URL.Path, "/api/")
}

// WriteJSON answers with v as indented JSON and the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	writeJSON(w, "application/json; charset=utf-8", status, v)
}

func writeJSON(w http.ResponseWriter, contentType string, status int, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

package http

import (
	"encoding/json"
	"errors"
	"net/http"
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

// ErrorBody is the JSON of every API error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Rules lists the safety rules that refused an action.
	Rules []setsafe.RuleFinding `json:"rules,omitempty"`
}

// Fail answers a request with an error: JSON for the API, a page for people.
// Internal errors are logged with their cause, except the anonymous
// reporter's (see Unlogged), and shown as "internal error".
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
	WriteJSON(w, status, ErrorBody{Error: detail})
}

// wantsHTML says whether an error is answered with a page: anywhere but
// the API, the health check and the metrics.
func wantsHTML(r *http.Request) bool {
	return !strings.HasPrefix(r.URL.Path, "/api/") && r.URL.Path != "/healthz" && r.URL.Path != "/metrics"
}

// WriteJSON answers with v as indented JSON and the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

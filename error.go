package setsafe

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Error codes. Each maps to one HTTP status in package http and to one exit
// status in the command line.
const (
	EInvalid      = "invalid"      // the input is wrong; Fields says where
	ENotFound     = "not_found"    // the thing asked for does not exist (or is hidden from the caller)
	EConflict     = "conflict"     // the request clashes with the current state
	EUnauthorized = "unauthorized" // the caller is not signed in, or the credentials are wrong
	EForbidden    = "forbidden"    // the caller is signed in but no role allows the action
	ERefused      = "refused"      // a safety rule refuses the action; Rules says which
	ETooLarge     = "too_large"    // the request body is larger than allowed
	ERateLimited  = "rate_limited" // too many attempts; try again later
	EUnavailable  = "unavailable"  // the database is busy, full or unreachable
	EInternal     = "internal"     // a fault inside setsafe; details are logged, not shown
)

// Error is setsafe's application error: a code from the list above, a message
// a person can act on, and optionally the input fields and safety rules
// involved. Internal causes are kept in Err and never shown to users.
type Error struct {
	Code    string
	Message string
	// Fields maps an input field name to what is wrong with it.
	Fields map[string]string
	// Rules lists the safety rules that refused an action (code ERefused).
	Rules []RuleFinding
	// Err is the underlying cause, if any.
	Err error
}

// RuleFinding is one safety rule's verdict on a refused action.
type RuleFinding struct {
	ID      string `json:"id"`
	Message string `json:"message"`
	// Format and Args make Message without the rule ID, so that a page can
	// say it in another language; they are not part of the record.
	Format string `json:"-"`
	Args   []any  `json:"-"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(e.Message)
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the human message of the first *Error in err's chain,
// or "internal error" for anything else: internal details are not for users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return "internal error"
}

// Problems collects what is wrong with an input, field by field, and turns
// into one EInvalid error.
type Problems map[string]string

// Add records a problem with a field; the first problem of a field wins.
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns nil when there are no problems, otherwise an EInvalid *Error
// that lists them.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	fields := make(map[string]string, len(p))
	maps.Copy(fields, p)
	msg := "Some fields need fixing: " + strings.Join(slices.Sorted(maps.Keys(fields)), ", ") + "."
	if len(fields) == 1 {
		for k, v := range fields {
			msg = k + ": " + v
		}
	}
	return &Error{Code: EInvalid, Message: msg, Fields: fields}
}

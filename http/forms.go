package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// errFormUnreadable answers a form post that could not be parsed.
var errFormUnreadable = setsafe.Errorf(setsafe.EInvalid, "The form could not be read; reload the page and try again.")

// fieldError is an invalid-input error about one field of a form.
func fieldError(field, problem, message string) error {
	return &setsafe.Error{Code: setsafe.EInvalid, Message: message, Fields: map[string]string{field: problem}}
}

// parseForm reads a posted form, bounded like every request body.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		return errFormUnreadable
	}
	return nil
}

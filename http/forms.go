package http

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"unicode/utf8"

	"github.com/setsafe/setsafe"
)

// errFormUnreadable answers a form post that could not be parsed.
var errFormUnreadable = setsafe.Errorf(setsafe.EInvalid, "The form could not be read; reload the page and try again.")

// FieldError is an invalid-input error about one field of a form.
func FieldError(field, problem, message string) error {
	return &setsafe.Error{Code: setsafe.EInvalid, Message: message, Fields: map[string]string{field: problem}}
}

// ParseForm reads a posted form, bounded like every request body.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		return errFormUnreadable
	}
	return FormText(r.PostForm)
}

// FormText refuses a form whose text is not UTF-8, naming the field:
// nothing a browser sends from our pages, and nothing to record as
// evidence with its bytes replaced.
func FormText(f url.Values) error {
	for _, k := range slices.Sorted(maps.Keys(f)) {
		if !utf8.ValidString(k) {
			return setsafe.Errorf(setsafe.EInvalid, "A field name in the form holds bytes that are not UTF-8; reload the page and send the form again.")
		}
		for _, v := range f[k] {
			if !utf8.ValidString(v) {
				return FieldError(k, "holds bytes that are not UTF-8", k+": the text holds bytes that are not UTF-8; type it again.")
			}
		}
	}
	return nil
}

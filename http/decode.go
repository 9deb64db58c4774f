package http

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/setsafe/setsafe"
)

// MaxBody is the largest request body the API reads.
const MaxBody = 64 << 10

// decodeJSON reads one JSON object from a request body into v, strictly:
// the right content type, no unknown fields, no trailing data, at most
// MaxBody bytes. Its errors say what was wrong and where.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return setsafe.Errorf(setsafe.EInvalid, "Send the request body as JSON, with the header Content-Type: application/json.")
	}
	return decodeBody(http.MaxBytesReader(w, r.Body, MaxBody), v)
}

// decodeBody decodes one JSON object from body into v; see decodeJSON.
func decodeBody(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return jsonError(err)
		}
		return setsafe.Errorf(setsafe.EInvalid, "Send exactly one JSON object; there is more after it.")
	}
	return nil
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return setsafe.Errorf(setsafe.ETooLarge, "The request body is larger than %d KiB.", MaxBody>>10)
	case errors.Is(err, io.EOF):
		return setsafe.Errorf(setsafe.EInvalid, "The request body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return setsafe.Errorf(setsafe.EInvalid, "The request body ends in the middle of the JSON.")
	case errors.As(err, &syntax):
		return setsafe.Errorf(setsafe.EInvalid, "The request body is not valid JSON (at byte %d: %s).", syntax.Offset, syntax.Error())
	case errors.As(err, &typ):
		if typ.Field == "" {
			return setsafe.Errorf(setsafe.EInvalid, "The request body must be a JSON object, not %s.", typ.Value)
		}
		p := setsafe.Problems{}
		p.Add(typ.Field, "must be %s, not %s", kindName(typ.Type.Kind().String(), typ.Type.String()), typ.Value)
		return p.Err()
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		p := setsafe.Problems{}
		p.Add(name, "is not a field of this request; see /api/v1/openapi.json")
		return p.Err()
	}
	return setsafe.Errorf(setsafe.EInvalid, "The request body cannot be read: %v.", err)
}

func kindName(kind, typ string) string {
	switch {
	case typ == "time.Time":
		return "a time such as 2026-11-26T14:00:00Z"
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "a whole number"
	case kind == "string":
		return "a string"
	case kind == "bool":
		return "true or false"
	case kind == "slice":
		return "a list"
	}
	return "a " + kind
}

// queryInt reads an optional integer query parameter within [min, max].
func queryInt(r *http.Request, name string, def, min, max int64) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		p := setsafe.Problems{}
		p.Add(name, "must be a whole number from %d to %d", min, max)
		return 0, p.Err()
	}
	return n, nil
}

// pathInt reads an integer path parameter.
func pathInt(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n < 1 {
		return 0, setsafe.Errorf(setsafe.EInvalid, "%s in the URL must be a positive whole number, not %q.", name, r.PathValue(name))
	}
	return n, nil
}

func mustSignIn() error {
	return setsafe.Errorf(setsafe.EUnauthorized, "Sign in first, or send an API token as Authorization: Bearer sst_....")
}

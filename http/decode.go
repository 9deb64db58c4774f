package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/setsafe/setsafe"
)

// MaxBody is the largest request body the API reads.
const MaxBody = 64 << 10

// DecodeJSON reads one JSON object from a request body into v, strictly:
// the right content type, no unknown fields, no trailing data, at most
// MaxBody bytes. Its errors say what was wrong and where.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return setsafe.Errorf(setsafe.EInvalid, "Send the request body as JSON, with the header Content-Type: application/json.")
	}
	return DecodeBody(http.MaxBytesReader(w, r.Body, MaxBody), v)
}

// DecodeBody decodes one JSON object from body into v; see decodeJSON.
// Text that is not valid Unicode is refused, naming the field that holds
// it: the decoder would quietly store U+FFFD in its place. The body is
// read as it is decoded, never held whole beside the decoder's own copy
// (a concern's photos make it tens of megabytes).
func DecodeBody(body io.Reader, v any) error {
	text := newTextCheck(body)
	dec := json.NewDecoder(text)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := endOfBody(dec); err != nil {
		return err
	}
	return text.problem()
}

// endOfBody refuses a body with more after its JSON object.
func endOfBody(dec *json.Decoder) error {
	_, err := dec.Token()
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return jsonError(err)
	}
	if err != io.EOF {
		return setsafe.Errorf(setsafe.EInvalid, "Send exactly one JSON object; there is more after it.")
	}
	return nil
}

// keptText is how much of a body textCheck keeps, to name the field of
// text that is not valid there: all of a body without photos.
const keptText = MaxBody

// textCheck reads a JSON body for its decoder and finds, as it passes,
// text that is not valid Unicode: bytes that are not UTF-8, or an escaped
// UTF-16 surrogate ("\ud800") without its other half. It reads a body
// the decoder has found valid JSON, in which a backslash is always in a
// string and starts an escape. It keeps the body's first keptText bytes
// only.
type textCheck struct {
	r    io.Reader
	kept []byte
	// whole says the kept bytes are all the body read.
	whole bool
	// partial is a UTF-8 sequence cut at the end of the last read.
	partial []byte
	// escape is where an escape sequence cut at the end of the last read
	// stands: 0 outside one, 1 after its backslash, 2 to 5 after its "u"
	// and that many hexadecimal digits less two; code is what its digits
	// say so far.
	escape int
	code   rune
	// low says the last escape was a high surrogate, whose low half must
	// follow at once.
	low bool
	bad bool
}

func newTextCheck(r io.Reader) *textCheck { return &textCheck{r: r, whole: true} }

func (t *textCheck) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	b := p[:n]
	if t.whole {
		if room := keptText - len(t.kept); len(b) <= room {
			t.kept = append(t.kept, b...)
		} else {
			t.kept, t.whole = append(t.kept, b[:room]...), false
		}
	}
	if !t.bad {
		t.bad = !t.validUTF8(b) || !t.escapes(b)
	}
	return n, err
}

// validUTF8 says whether b, after what was read before it, is UTF-8 so
// far, keeping a sequence cut at its end for the next read.
func (t *textCheck) validUTF8(b []byte) bool {
	for len(t.partial) > 0 && len(b) > 0 {
		t.partial, b = append(t.partial, b[0]), b[1:]
		if utf8.FullRune(t.partial) {
			if r, _ := utf8.DecodeRune(t.partial); r == utf8.RuneError {
				return false
			}
			t.partial = t.partial[:0]
		}
	}
	// A cut sequence is at most the last three bytes.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(b[:cut]) {
		return false
	}
	t.partial = append(t.partial, b[cut:]...)
	return true
}

// escapes says whether the escapes in b, after what was read before it,
// are valid so far: every escaped surrogate in a pair.
func (t *textCheck) escapes(b []byte) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case t.escape == 1 && c == 'u':
			t.escape, t.code = 2, 0
		case t.escape == 1:
			if t.low {
				return false // a high surrogate, then another escape
			}
			t.escape = 0
		case t.escape >= 2:
			t.code = t.code<<4 | rune(hexValue(c))
			if t.escape++; t.escape < 6 {
				continue
			}
			t.escape = 0
			switch high, low := t.code >= 0xd800 && t.code < 0xdc00, t.code >= 0xdc00 && t.code <= 0xdfff; {
			case t.low && !low, !t.low && low:
				return false
			case t.low:
				t.low = false
			case high:
				t.low = true
			}
		case t.low:
			// The low half's backslash must come at once.
			if c != '\\' {
				return false
			}
			t.escape = 1
		case c == '\\':
			t.escape = 1
		default:
			j := bytes.IndexByte(b[i:], '\\')
			if j < 0 {
				return true
			}
			i += j - 1
		}
	}
	return true
}

// hexValue is the value of a hexadecimal digit.
func hexValue(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// problem refuses the body read if its text is not valid, naming the
// field where it can.
func (t *textCheck) problem() error {
	if !t.bad && !t.low && t.escape == 0 && len(t.partial) == 0 {
		return nil
	}
	if err := checkText(t.kept); err != nil || t.whole {
		return err
	}
	return setsafe.Errorf(setsafe.EInvalid, "The request body holds text that is not valid: bytes that are not UTF-8, or half of a UTF-16 "+
		"surrogate pair (\\ud800 to \\udfff) without the other half. Send text as UTF-8.")
}

// checkText refuses a JSON document whose strings are not valid Unicode:
// bytes that are not UTF-8, or an escaped UTF-16 surrogate ("\ud800")
// without its other half. The error names the field, as a dotted path
// such as witnesses.0.pin.
func checkText(b []byte) error {
	if utf8.Valid(b) && !surrogateEscape(b) {
		return nil // the common case: nothing to look at closely
	}
	// Each level is an object or a list being read, and where in it.
	type level struct {
		list    bool
		index   int    // a list's next value
		key     string // an object's value being read
		inValue bool   // an object's key was read, its value is next
	}
	var levels []level
	path := func() string {
		parts := make([]string, len(levels))
		for i, l := range levels {
			if l.list {
				parts[i] = strconv.Itoa(l.index)
			} else {
				parts[i] = l.key
			}
		}
		return strings.Join(parts, ".")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var start int64
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // decoded already: this is the end
		}
		raw := b[start:dec.InputOffset()]
		start = dec.InputOffset()
		top := len(levels) - 1
		if s, ok := tok.(string); ok && top >= 0 && !levels[top].list && !levels[top].inValue {
			if problem := textProblem(raw); problem != "" {
				where := path()
				if where == "" {
					return setsafe.Errorf(setsafe.EInvalid, "A field name in the request body %s; send it as UTF-8.", problem)
				}
				p := setsafe.Problems{}
				p.Add(where, "has a field name that %s", problem)
				return p.Err()
			}
			levels[top].key, levels[top].inValue = s, true
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			levels = append(levels, level{list: tok == json.Delim('[')})
			continue
		case json.Delim('}'), json.Delim(']'):
			levels = levels[:top]
		default:
			if _, ok := tok.(string); ok {
				if problem := textProblem(raw); problem != "" {
					p := setsafe.Problems{}
					p.Add(path(), "%s; send text as UTF-8", problem)
					return p.Err()
				}
			}
		}
		// A value ended: the next is a key, or the list's next value.
		if top := len(levels) - 1; top >= 0 {
			if levels[top].list {
				levels[top].index++
			} else {
				levels[top].inValue = false
			}
		}
	}
}

// textProblem says what is wrong with the text of a JSON string as it was
// sent (raw holds it, after any separator), or "" if nothing is.
func textProblem(raw []byte) string {
	s := raw[bytes.IndexByte(raw, '"')+1:]
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				return "holds bytes that are not UTF-8"
			}
			i += n
			continue
		}
		if i+1 < len(s) && s[i+1] != 'u' {
			i += 2
			continue
		}
		r := hex4(s[min(i+2, len(s)):])
		i += 6
		if r < 0xd800 || r > 0xdfff {
			continue
		}
		if next := hex4(s[min(i+2, len(s)):]); r >= 0xdc00 || !bytes.HasPrefix(s[i:], []byte(`\u`)) || next < 0xdc00 || next > 0xdfff {
			return `holds half of a UTF-16 surrogate pair (\u` + strconv.FormatInt(int64(r), 16) + `) without the other half`
		}
		i += 6 // the pair's second half
	}
	return ""
}

// surrogateEscape says whether b may hold an escaped surrogate, \uD800
// to \uDFFF.
func surrogateEscape(b []byte) bool {
	for {
		i := bytes.Index(b, []byte(`\u`))
		if i < 0 || i+2 >= len(b) {
			return false
		}
		if b[i+2] == 'd' || b[i+2] == 'D' {
			return true
		}
		b = b[i+2:]
	}
}

// hex4 reads the four hexadecimal digits of a \u escape, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 16)
	if err != nil {
		return -1
	}
	return rune(n)
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return setsafe.Errorf(setsafe.ETooLarge, "The request body is larger than %d KiB.", tooLarge.Limit>>10)
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

// QueryInt reads an optional integer query parameter within [min, max].
func QueryInt(r *http.Request, name string, def, min, max int64) (int64, error) {
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

// PathInt reads an integer path parameter.
func PathInt(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n < 1 {
		return 0, setsafe.Errorf(setsafe.EInvalid, "%s in the URL must be a positive whole number, not %q.", name, r.PathValue(name))
	}
	return n, nil
}

// MustSignIn is the error of a caller who must sign in first.
func MustSignIn() error {
	return setsafe.Errorf(setsafe.EUnauthorized, "Sign in first, or send an API token as Authorization: Bearer sst_....")
}

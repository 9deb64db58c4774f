package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// FuzzDecodeRequests feeds arbitrary bodies to the decoder of every request
// type the API takes: it must never panic, and must either decode or say
// what is wrong with an invalid or too-large error. What it decodes is
// valid text: a body whose text the standard decoder would replace with
// U+FFFD (bytes that are not UTF-8, a lone surrogate) is refused.
func FuzzDecodeRequests(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Rosa Delgado","roles":["armorer"]}`, `{"email":"a@b.c","password":"x"}`, `{"pin":"2580"}`,
		`{"expires_at":"2026-12-01T00:00:00Z","name":"t"}`, `{"corrects":12,"reason":"typo"}`, `[]`, `null`, `{"a":`, `"x"`,
		`{"admin":true}`, `{"name":"\u0000"}`, strings.Repeat(`[`, 10000),
		"{\"name\":\"\xff\"}", `{"name":"\ud800"}`, `{"name":"\udc00\ud800"}`, `{"roles":["\ud83d\ude00"]}`, `{"name":"\\ud800"}`,
		"{\"witnesses\":[{\"pin\":\"\xe2\x82\"}]}", `{"name":"\ufffd"}`,
	} {
		f.Add(seed)
	}
	s := &handlers{}
	var types []reflect.Type
	for _, rt := range s.apiRoutes() {
		if rt.body != nil {
			types = append(types, reflect.TypeOf(rt.body))
		}
	}
	f.Fuzz(func(t *testing.T, body string) {
		// The oracle: the standard decoder's U+FFFD where the body has none.
		var generic any
		replaced := json.Unmarshal([]byte(body), &generic) == nil && strings.Contains(fmt.Sprint(generic), "\ufffd") &&
			!strings.Contains(body, "\ufffd") && !strings.Contains(strings.ToLower(body), `\ufffd`)
		for _, typ := range types {
			v := reflect.New(typ).Interface()
			err := sshttp.DecodeBody(bytes.NewReader([]byte(body)), v)
			if err == nil {
				if replaced {
					t.Fatalf("decoding %q as %s: text that is not valid was accepted", body, typ)
				}
				continue
			}
			if c := setsafe.ErrorCode(err); c != setsafe.EInvalid && c != setsafe.ETooLarge {
				t.Fatalf("decoding %q as %s: %v (code %s)", body, typ, err, c)
			}
			if setsafe.ErrorMessage(err) == "" {
				t.Fatalf("decoding %q as %s: an error without a message", body, typ)
			}
		}
	})
}

// TestDecodeRefusesInvalidText checks that text that is not valid Unicode
// is refused, naming where it is, rather than stored as U+FFFD.
func TestDecodeRefusesInvalidText(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"a byte that is not UTF-8", "{\"all_chambers\":true,\"witnesses\":[{\"person_id\":\"a\xc3\",\"pin\":\"2580\"}]}", "witnesses.0.person_id"},
		{"a cut-off character", "{\"witnesses\":[{\"person_id\":\"a\",\"pin\":\"2580\"},{\"person_id\":\"b\",\"pin\":\"\xe2\x82\"}]}", "witnesses.1.pin"},
		{"a lone high surrogate", `{"witnesses":[{"person_id":"\ud83d","pin":"2580"}]}`, "witnesses.0.person_id"},
		{"a high surrogate before a letter", `{"witnesses":[{"person_id":"\ud83dx","pin":"2580"}]}`, "witnesses.0.person_id"},
		{"two high surrogates", `{"witnesses":[{"person_id":"\ud83d\ud83d","pin":"2580"}]}`, "witnesses.0.person_id"},
		{"a lone low surrogate", `{"witnesses":[{"person_id":"\uDE00","pin":"2580"}]}`, "witnesses.0.person_id"},
		{"a bad field name", "{\"witnesses\":[{\"person_id\":\"a\",\"pin\":\"1\",\"\xff\":1}]}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req sshttp.ShowClearRequest
			err := sshttp.DecodeBody(strings.NewReader(tt.body), &req)
			e, ok := errors.AsType[*setsafe.Error](err)
			if !ok || e.Code != setsafe.EInvalid {
				t.Fatalf("decoded %q into %+v, error %v", tt.body, req, err)
			}
			if tt.field != "" && e.Fields[tt.field] == "" {
				t.Fatalf("the error names %v, not %s: %v", e.Fields, tt.field, err)
			}
		})
	}
	// Valid text passes, escaped or not, a pair of surrogates included.
	var req sshttp.ShowClearRequest
	body := `{"witnesses":[{"person_id":"Jos\u00e9 \ud83d\ude00 ` + "\u00e9\U0001F600" + ` \\ud800","pin":"2580"}]}`
	if err := sshttp.DecodeBody(strings.NewReader(body), &req); err != nil {
		t.Fatalf("valid text refused: %v", err)
	}
	if want := "José 😀 é😀 \\ud800"; req.Witnesses[0].PersonID != want {
		t.Fatalf("decoded %q, want %q", req.Witnesses[0].PersonID, want)
	}
}

package http

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
)

// FuzzDecodeRequests feeds arbitrary bodies to the decoder of every request
// type the API takes: it must never panic, and must either decode or say
// what is wrong with an invalid or too-large error.
func FuzzDecodeRequests(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Rosa Delgado","roles":["armorer"]}`, `{"email":"a@b.c","password":"x"}`, `{"pin":"2580"}`,
		`{"expires_at":"2026-12-01T00:00:00Z","name":"t"}`, `{"corrects":12,"reason":"typo"}`, `[]`, `null`, `{"a":`, `"x"`,
		`{"admin":true}`, `{"name":"\u0000"}`, strings.Repeat(`[`, 10000),
	} {
		f.Add(seed)
	}
	s := &Server{}
	var types []reflect.Type
	for _, rt := range s.apiRoutes() {
		if rt.body != nil {
			types = append(types, reflect.TypeOf(rt.body))
		}
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, typ := range types {
			v := reflect.New(typ).Interface()
			err := decodeBody(bytes.NewReader([]byte(body)), v)
			if err == nil {
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

package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/setsafe/setsafe"
)

// TestTextCheckedAsItIsRead decodes bodies read whole, a byte at a time
// and in halves: each is refused or taken alike, since the text is
// checked as it passes, whatever the reads cut; and text beyond the part
// of a large body that is kept is still checked, without taking an
// escaped backslash for a surrogate.
func TestTextCheckedAsItIsRead(t *testing.T) {
	large := strings.Repeat("x", keptText)
	tests := []struct {
		name, body string
		field      string // the field named, "" for none
		ok         bool
	}{
		{"plain", `{"witnesses":[{"person_id":"José 😀","pin":"2580"}]}`, "", true},
		{"a pair of surrogates", `{"witnesses":[{"person_id":"\ud83d\ude00","pin":"2580"}]}`, "", true},
		{"an escaped backslash before u", `{"witnesses":[{"person_id":"\\ud800 \\\ud83d\ude00","pin":"2580"}]}`, "", true},
		{"other escapes", `{"witnesses":[{"person_id":"\"\\\/\b\f\n\r\t\u00e9","pin":"2580"}]}`, "", true},
		{"a byte that is not UTF-8", "{\"witnesses\":[{\"person_id\":\"a\xc3\",\"pin\":\"2580\"}]}", "witnesses.0.person_id", false},
		{"a cut-off character", "{\"witnesses\":[{\"person_id\":\"a\",\"pin\":\"\xe2\x82\"}]}", "witnesses.0.pin", false},
		{"a lone high surrogate", `{"witnesses":[{"person_id":"\ud83d","pin":"2580"}]}`, "witnesses.0.person_id", false},
		{"a high surrogate, then another escape", `{"witnesses":[{"person_id":"\ud83d\n","pin":"2580"}]}`, "witnesses.0.person_id", false},
		{"two high surrogates", `{"witnesses":[{"person_id":"\ud83d\ud83d","pin":"2580"}]}`, "witnesses.0.person_id", false},
		{"a lone low surrogate", `{"witnesses":[{"person_id":"\uDE00","pin":"2580"}]}`, "witnesses.0.person_id", false},
		{"beyond what is kept, valid", `{"witnesses":[{"person_id":"` + large + `","pin":"\\ud800 \ud83d\ude00 é"}]}`, "", true},
		{"beyond what is kept, a lone surrogate", `{"witnesses":[{"person_id":"` + large + `","pin":"\udc00"}]}`, "", false},
		{"beyond what is kept, not UTF-8", "{\"witnesses\":[{\"person_id\":\"" + large + "\",\"pin\":\"\xff\"}]}", "", false},
		{"not UTF-8, named though the body is large", "{\"witnesses\":[{\"person_id\":\"\xff\",\"pin\":\"" + large + "\"}]}", "witnesses.0.person_id", false},
	}
	readers := map[string]func(string) io.Reader{
		"whole":        func(s string) io.Reader { return strings.NewReader(s) },
		"byte by byte": func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
		"in halves":    func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
	}
	for _, tt := range tests {
		for how, reader := range readers {
			var req ShowClearRequest
			err := DecodeBody(reader(tt.body), &req)
			if tt.ok {
				if err != nil {
					t.Errorf("%s, read %s: %v", tt.name, how, err)
				}
				continue
			}
			e, ok := errors.AsType[*setsafe.Error](err)
			if !ok || e.Code != setsafe.EInvalid || tt.field != "" && e.Fields[tt.field] == "" || tt.field == "" && !strings.Contains(e.Message, "UTF-8") {
				t.Errorf("%s, read %s: %v (fields %v), want it refused naming %q", tt.name, how, err, e.Fields, tt.field)
			}
		}
	}
	// What is taken is what the standard decoder reads.
	var got, want ShowClearRequest
	body := tests[2].body
	if err := DecodeBody(iotest.OneByteReader(strings.NewReader(body)), &got); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(body), &want)
	if got.Witnesses[0].PersonID != want.Witnesses[0].PersonID {
		t.Fatalf("decoded %q, want %q", got.Witnesses[0].PersonID, want.Witnesses[0].PersonID)
	}
}

// heapProbe, decoded, notes the live heap: when the decoder reaches it,
// after the photos before it, the body's copies are all still held.
type heapProbe struct{ live uint64 }

func (p *heapProbe) UnmarshalJSON([]byte) error {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	p.live = m.HeapAlloc
	return nil
}

// TestDecodeKeepsNoSecondCopy decodes a concern's four photos and checks
// what is live while it does: the decoder's copy of the body, which grows
// by doubling, and the photos decoded, not a further copy of the body.
func TestDecodeKeepsNoSecondCopy(t *testing.T) {
	photo := PhotoUpload{ContentType: "image/jpeg", Data: bytes.Repeat([]byte{0xff, 0xd8, 0x42}, setsafe.MaxFileSize/3)}
	type concern struct {
		Photos []PhotoUpload `json:"photos"`
		Probe  *heapProbe    `json:"probe"`
	}
	body, _ := json.Marshal(concern{Photos: []PhotoUpload{photo, photo, photo, photo}, Probe: &heapProbe{}})
	photo.Data = nil
	// The least of three, so that what other goroutines hold meanwhile
	// does not count.
	held := uint64(1 << 62)
	for range 3 {
		// Twice, so that what the encoder keeps in its pool is gone too.
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		var req concern
		if err := DecodeBody(bytes.NewReader(body), &req); err != nil {
			t.Fatal(err)
		}
		if len(req.Photos) != 4 || len(req.Photos[3].Data) != setsafe.MaxFileSize/3*3 {
			t.Fatal("the photos were not decoded")
		}
		held = min(held, req.Probe.live-m.HeapAlloc)
	}
	// The decoder's buffer grows by doubling from 512 bytes, here to 1.2
	// times the body; the photos take three quarters of it. Reading the
	// body whole first held as much again.
	if limit := uint64(len(body)) * 5 / 2; held > limit {
		t.Errorf("decoding a %d MiB body held %d MiB, more than %d MiB", len(body)>>20, held>>20, limit>>20)
	}
	runtime.KeepAlive(body)
}

// FuzzDecodeReport decodes bodies both as an anonymous report is read,
// field by field, and as every other body is: what one takes the other
// takes alike, and what one refuses the other refuses, but for a fifth
// photo and a body of null, which the report refuses at once.
func FuzzDecodeReport(f *testing.F) {
	for _, seed := range []string{
		`{"category":"firearms","severity":"critical","description":"x","photos":[{"content_type":"image/jpeg","data":"/9g="}],"challenge":"c","proof":"1"}`,
		`{"Category":"a","PHOTOS":null,"photos":[],"photos":[{}]}`, `{"photos":"x"}`, `{"photos":[1]}`, `{"photos":[{"data":"!"}]}`,
		`{"photos":[{"extra":1}]}`, `{"description":1}`, `{"nope":"x"}`, `{} {}`, `[]`, `null`, `"x"`, `{"a":`, ``,
		"{\"location\":\"\xff\"}", `{"location":"\ud800"}`, `{"photos":[{},{},{},{},{}]}`, `{"category":"a","category":"b"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var whole, fields AnonymousConcernRequest
		errWhole := DecodeBody(strings.NewReader(body), &whole)
		called := 0
		errFields := DecodeReport(strings.NewReader(body), &fields, func(map[string]bool) error { called++; return nil })
		if called > 1 {
			t.Fatalf("%q: the photos began %d times", body, called)
		}
		switch {
		case errWhole == nil && errFields == nil:
			if !reflect.DeepEqual(whole, fields) {
				t.Fatalf("%q: decoded %+v field by field, %+v whole", body, fields, whole)
			}
		case errWhole == nil:
			if len(whole.Photos) <= setsafe.MaxConcernPhotos && strings.TrimSpace(body) != "null" {
				t.Fatalf("%q: refused field by field (%v), taken whole", body, errFields)
			}
		case errFields == nil:
			t.Fatalf("%q: taken field by field, refused whole (%v)", body, errWhole)
		}
		for _, err := range []error{errWhole, errFields} {
			if c := setsafe.ErrorCode(err); err != nil && (c != setsafe.EInvalid && c != setsafe.ETooLarge || setsafe.ErrorMessage(err) == "") {
				t.Fatalf("%q: %v (code %s)", body, err, c)
			}
		}
	})
}

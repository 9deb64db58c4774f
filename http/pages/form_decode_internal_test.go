package pages

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// TestDecodeForm reads forms into the API's request types.
func TestDecodeForm(t *testing.T) {
	tests := []struct {
		name  string
		form  url.Values
		into  any
		want  any
		field string // the field a problem names, if any
	}{
		{"training with a box ticked", url.Values{"course": {"Firearm safety"}, "provider": {"CSATF"}, "firearms": {"on"}, "hours": {" 4 "},
			"completed": {"2026-09-01"}}, &sshttp.TrainingRequest{},
			&sshttp.TrainingRequest{Course: "Firearm safety", Provider: "CSATF", Firearms: true, Hours: 4, Completed: "2026-09-01"}, ""},
		{"a box left empty and no hours", url.Values{"course": {"Refresher"}}, &sshttp.TrainingRequest{}, &sshttp.TrainingRequest{Course: "Refresher"}, ""},
		{"hours that are not a number", url.Values{"hours": {"four"}}, &sshttp.TrainingRequest{}, nil, "hours"},
		{"negative rounds", url.Values{"lot_id": {"dummies"}, "rounds": {"-6"}}, &sshttp.LoadRequest{}, nil, "rounds"},
		{"a role", url.Values{"role": {"armorer"}}, &sshttp.RoleRequest{}, &sshttp.RoleRequest{Role: setsafe.RoleArmorer}, ""},
		{"a list without its empty values", url.Values{"topics": {"Firearms", " ", "Stunts"}, "walk_through": {"true"}}, &sshttp.MeetingRequest{},
			&sshttp.MeetingRequest{Topics: []string{"Firearms", "Stunts"}, WalkThrough: true}, ""},
		{"a box sent as false", url.Values{"bore_clear": {"false"}, "functions": {"1"}, "condition": {"good"}}, &sshttp.InspectRequest{},
			&sshttp.InspectRequest{Functions: true, Condition: "good"}, ""},
		{"a box shown and ticked", url.Values{"could_have_been_fatal": {"false", "true"}}, &sshttp.IncidentCorrection{},
			&sshttp.IncidentCorrection{CouldHaveBeenFatal: ptr(true)}, ""},
		{"a box shown and left empty", url.Values{"could_have_been_fatal": {"false"}}, &sshttp.IncidentCorrection{},
			&sshttp.IncidentCorrection{CouldHaveBeenFatal: ptr(false)}, ""},
		{"a correction keeps what the form does not show", url.Values{"description": {"It fell"}, "reason": {"Typo"}}, &sshttp.IncidentCorrection{},
			&sshttp.IncidentCorrection{Description: ptr("It fell"), Reason: "Typo"}, ""},
		{"a text emptied on purpose", url.Values{"where": {""}}, &sshttp.IncidentCorrection{}, &sshttp.IncidentCorrection{Where: ptr("")}, ""},
		{"a list shown with nothing ticked", url.Values{"witnesses": {""}, "people": {"", "p1", "p2"}}, &sshttp.IncidentCorrection{},
			&sshttp.IncidentCorrection{Witnesses: new([]string), People: ptr([]string{"p1", "p2"})}, ""},
	}
	for _, tt := range tests {
		err := decodeForm(tt.form, tt.into)
		if tt.field != "" {
			if e, ok := err.(*setsafe.Error); !ok || e.Fields[tt.field] == "" {
				t.Errorf("%s: %v, want a problem with %s", tt.name, err, tt.field)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(tt.into, tt.want) {
			t.Errorf("%s: %+v, %v; want %+v", tt.name, tt.into, err, tt.want)
		}
	}
	// A field no form can carry is the programmer's mistake, said plainly.
	if err := decodeForm(url.Values{}, &sshttp.ShowClearRequest{}); err == nil {
		t.Error("a list of witnesses read from a form")
	}
}

func ptr[T any](v T) *T { return &v }

// FuzzDecodeForm reads any form into a correction, which has every kind
// of field a form carries, plain and behind pointers: it never panics, and
// a field the form does not have stays nil.
func FuzzDecodeForm(f *testing.F) {
	f.Add("description=It+fell&could_have_been_fatal=false&could_have_been_fatal=true&people=&people=p1")
	f.Add("where=&kind=fire&witnesses=")
	f.Add("hours=-1&origin.kind=x&%zz")
	f.Fuzz(func(t *testing.T, query string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		var req sshttp.IncidentCorrection
		if err := decodeForm(form, &req); err != nil {
			t.Fatalf("%q: %v", query, err)
		}
		if (req.Kind != nil) != form.Has("kind") || (req.People != nil) != form.Has("people") || (req.CouldHaveBeenFatal != nil) != form.Has("could_have_been_fatal") {
			t.Fatalf("%q read as %+v", query, req)
		}
		var training sshttp.TrainingRequest
		_ = decodeForm(form, &training) // a number that is not one is a problem, not a panic
	})
}

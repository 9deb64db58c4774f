package pages

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// TestInjuryRecordTextsAreInSpanish checks the texts the injury records'
// Go code gives the templates: the templates' own are checked by
// TestEveryTextIsInSpanish.
func TestInjuryRecordTextsAreInSpanish(t *testing.T) {
	cats, err := loadCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	texts := injuryRecordTexts()
	if len(texts) < 50 {
		t.Fatalf("only %d texts: the list is broken", len(texts))
	}
	for _, text := range texts {
		tr, ok := cats["es"][text]
		switch {
		case !ok || tr == "":
			t.Errorf("no Spanish for %q; add it to locales/es/injury_records.json", text)
		case strings.Count(tr, "%") != strings.Count(text, "%"):
			t.Errorf("the Spanish for %q has other placeholders: %q", text, tr)
		}
	}
}

// TestCaseChoicesFollowTheRecords checks that the case form offers the
// register's case types and privacy reasons, each once, in their order.
func TestCaseChoicesFollowTheRecords(t *testing.T) {
	tests := []struct {
		name    string
		offered []choice
		want    []string
	}{
		{"case types", caseTypeChoices, incident.CaseTypes},
		{"privacy reasons", privacyChoices, append([]string{""}, incident.PrivacyReasons...)},
	}
	for _, tt := range tests {
		if len(tt.offered) != len(tt.want) {
			t.Errorf("%s: the form offers %d, the register has %d", tt.name, len(tt.offered), len(tt.want))
			continue
		}
		for i, c := range tt.offered {
			if c.Key != tt.want[i] {
				t.Errorf("%s: choice %d is %q, want %q", tt.name, i, c.Key, tt.want[i])
			}
		}
	}
	if len(firstAid) != 14 {
		t.Errorf("the first-aid list has %d items, want the 14 of 1904.7(b)(5)(ii)(A) to (N)", len(firstAid))
	}
}

func TestSamePersonal(t *testing.T) {
	kept := &incident.Personal{Street: "12 Agua Fria St", State: "NM", Sex: "F", Nonce: "n1"}
	tests := []struct {
		name  string
		typed incident.Personal
		kept  *incident.Personal
		want  bool
	}{
		{"as sealed, without the nonce the form never shows", incident.Personal{Street: "12 Agua Fria St", State: "NM", Sex: "F"}, kept, true},
		{"a street changed", incident.Personal{Street: "14 Agua Fria St", State: "NM", Sex: "F"}, kept, false},
		{"the sex cleared", incident.Personal{Street: "12 Agua Fria St", State: "NM"}, kept, false},
		{"nothing typed, nothing sealed", incident.Personal{}, nil, true},
		{"something typed, nothing sealed", incident.Personal{City: "Santa Fe"}, nil, false},
	}
	for _, tt := range tests {
		if got := samePersonal(tt.typed, tt.kept); got != tt.want {
			t.Errorf("%s: samePersonal = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCaseValuesReadBackAsTheCase checks that the correction form, filled
// with a case and sent as it is, reads back into the same request: what
// the keeper does not change stays as it was.
func TestCaseValuesReadBackAsTheCase(t *testing.T) {
	c := &incident.InjuryCase{Employee: "p1", JobTitle: "Grip", Date: "2026-03-02", Where: "Stage 4", Injury: "Fracture", BodyPart: "left wrist",
		Object: "ladder", Type: incident.TypeInjury, WorkRelated: true, NewCase: true, DaysAway: 21, DaysRestricted: 3, SignificantDiagnosis: true,
		BeganWork: "06:30", TimeUnknown: true, Before: "Climbing", WhatHappened: "A rung broke", Hospitalized: true, CompletedTitle: "Medic"}
	p := &incident.Personal{Street: "12 Agua Fria St", City: "Santa Fe", State: "NM", ZIP: "87501", BirthDate: "1990-04-02", Sex: "F", FacilityName: "Christus St. Vincent"}
	form := caseValues(c, p)
	form.Set("personal", "")
	form.Set("reason", "Three weeks off")
	var req sshttp.CaseRequest
	if err := decodeForm(form, &req); err != nil {
		t.Fatal(err)
	}
	got := req.Correction("k1")
	if got.ID != "k1" || got.Reason != "Three weeks off" || got.Employee != "p1" || got.DaysAway != 21 || got.DaysRestricted != 3 || !got.WorkRelated ||
		!got.NewCase || got.Death || !got.SignificantDiagnosis || got.MedicalTreatment || !got.TimeUnknown || !got.Hospitalized || got.EmergencyRoom ||
		got.BeganWork != "06:30" || got.Before != "Climbing" || got.CompletedTitle != "Medic" || got.Type != incident.TypeInjury {
		t.Errorf("the correction read back: %+v", got)
	}
	if got.Personal == nil || !samePersonal(*got.Personal, p) {
		t.Errorf("the personal details read back: %+v, want %+v", got.Personal, p)
	}
}

// FuzzRecordsYear: the year of a records page's URL is a calendar year
// written as one, 2000 to 2200, or the page is not found.
func FuzzRecordsYear(f *testing.F) {
	for _, seed := range []string{"2026", "", "1999", "2201", "02026", "+2026", "2026 ", "２０２６", "abc"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("year", s)
		y, err := recordsYear(r, 2030)
		switch {
		case s == "" && (err != nil || y != 2030):
			t.Fatalf("no year in the URL gave %d, %v; want this year", y, err)
		case s != "" && err == nil && (y < 2000 || y > 2200 || strconv.Itoa(y) != s):
			t.Fatalf("%q read as the year %d", s, y)
		case err != nil && setsafe.ErrorCode(err) != setsafe.ENotFound:
			t.Fatalf("%q: %v, want not found", s, err)
		}
	})
}

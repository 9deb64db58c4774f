package incident

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/recordkeeping"
)

// recordsWorld is a production that keeps injury records: an
// establishment, the year's figures, and an injury incident.
func recordsWorld(t *testing.T) *world {
	w := newWorld(t)
	w.Must(op, setsafe.AddPerson{ID: "nora", PersonDetails: setsafe.PersonDetails{Name: "Nora", JobTitle: "Set medic"}, Roles: []setsafe.Role{setsafe.RoleMedic}})
	w.Must(person("sofia"), SetEstablishment{Name: "Red Mesa", EIN: "85-1234567", CompanyName: "Dry Gulch Pictures LLC", Street: "1 Cerrillos Rd",
		City: "Santa Fe", State: "nm", ZIP: "87505", NAICS: "512110", Industry: "Motion picture and video production"})
	w.Must(person("dana"), SetEstablishmentYear{Year: 2021, AnnualAverageEmployees: 120, TotalHoursWorked: 180000, PeakEmployees: 160})
	w.Must(person("jack"), OpenIncident{ID: "i1", Details: Details{Kind: KindInjury, Severity: SeverityModerate, Where: "Church set"}})
	return w
}

func sprain() CaseDetails {
	return CaseDetails{Employee: "jack", JobTitle: "Grip", Injury: "Sprain", BodyPart: "left ankle", Object: "apple box", Type: TypeInjury,
		WorkRelated: true, NewCase: true, MedicalTreatment: true, EventTime: "7:30 AM"}
}

// TestRecordCase: who may record a case, what it must say, and that the
// employee's personal details stay out of the ledger.
func TestRecordCase(t *testing.T) {
	tests := []struct {
		name  string
		actor string
		edit  func(*RecordCase)
		code  string
		field string
	}{
		{"by the medic", "nora", func(*RecordCase) {}, "", ""},
		{"by crew", "ana", func(*RecordCase) {}, setsafe.EForbidden, ""},
		{"nobody injured", "sofia", func(c *RecordCase) { c.Employee = "" }, setsafe.EInvalid, "employee"},
		{"no injury said", "sofia", func(c *RecordCase) { c.Injury = "" }, setsafe.EInvalid, "injury"},
		{"an unknown type", "sofia", func(c *RecordCase) { c.Type = "bruise" }, setsafe.EInvalid, "case_type"},
		{"days away below zero", "sofia", func(c *RecordCase) { c.DaysAway = -1 }, setsafe.EInvalid, "days_away"},
		{"a date of death without a death", "sofia", func(c *RecordCase) { c.DateOfDeath = "2021-10-25" }, setsafe.EInvalid, "date_of_death"},
		{"a time that is not one", "sofia", func(c *RecordCase) { c.EventTime = "25:00" }, setsafe.EInvalid, "event_time"},
		{"a time and unknown", "sofia", func(c *RecordCase) { c.TimeUnknown = true }, setsafe.EInvalid, "time_unknown"},
		{"an injury kept private on request", "sofia", func(c *RecordCase) { c.Privacy = "illness_on_request" }, setsafe.EInvalid, "privacy"},
		{"a mental illness typed as an injury", "sofia", func(c *RecordCase) { c.Privacy = "mental_illness" }, setsafe.EInvalid, "case_type"},
		{"a third sex", "sofia", func(c *RecordCase) { c.Personal.Sex = "X" }, setsafe.EInvalid, "personal.sex"},
		{"a ZIP that is not", "sofia", func(c *RecordCase) { c.Personal.ZIP = "8750" }, setsafe.EInvalid, "personal.zip"},
		{"no incident", "sofia", func(c *RecordCase) { c.IncidentID = "i9" }, setsafe.ENotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := recordsWorld(t)
			c := RecordCase{ID: "k1", IncidentID: "i1", CaseDetails: sprain(),
				Personal: Personal{Street: "12 Agua Fria St", City: "Santa Fe", State: "NM", ZIP: "87501", BirthDate: "1990-04-02", HireDate: "2021-09-27", Sex: "M"}}
			tt.edit(&c)
			evs, err := w.Run(person(tt.actor), c)
			wantCode(t, err, tt.code)
			if tt.code != "" {
				if e, _ := err.(*setsafe.Error); tt.field != "" && (e == nil || e.Fields[tt.field] == "") {
					t.Fatalf("the error does not name %s: %v", tt.field, err)
				}
				if FindCase(w.Prod, "k1") != nil {
					t.Fatal("a refused case was recorded")
				}
				return
			}
			k := FindCase(w.Prod, "k1")
			if k == nil || k.Number != "2021-001" || k.Date != "2021-10-21" || k.Where != "Church set" || k.EventTime != "07:30" || !k.Recordable().Recordable {
				t.Fatalf("case: %+v", k)
			}
			if len(evs) != 2 || evs[1].Type() != "file.attached" {
				t.Fatalf("events: %v", evs)
			}
			body, _ := json.Marshal(evs[0].Body)
			if strings.Contains(string(body), "1990-04-02") || strings.Contains(string(body), "Agua Fria") {
				t.Fatalf("personal details in the ledger: %s", body)
			}
			a := setsafe.Lookup[*setsafe.Attachment](w.Prod, "attachments", SubjectPersonal+"/k1/"+k.PersonalFile)
			if a == nil || a.ContentType != PersonalType {
				t.Fatalf("the sealed details are not attached: %+v", a)
			}
		})
	}
}

// TestYearRecords: the log and summary follow the cases' latest facts; a
// first-aid case is not on the log; a privacy case shows no name; case
// numbers count up in a year.
func TestYearRecords(t *testing.T) {
	w := recordsWorld(t)
	w.Must(person("jack"), OpenIncident{ID: "i2", Details: Details{Kind: KindInjury, Where: "Quarry"}})
	w.Must(person("jack"), OpenIncident{ID: "i3", Details: Details{Kind: KindInjury, Where: "Truck"}})
	w.Must(person("nora"), RecordCase{ID: "k1", IncidentID: "i1", CaseDetails: sprain()})
	firstAid := CaseDetails{Employee: "ana", JobTitle: "Grip", Injury: "Splinter", BodyPart: "finger", Type: TypeInjury, WorkRelated: true, NewCase: true}
	w.Must(person("nora"), RecordCase{ID: "k2", IncidentID: "i2", CaseDetails: firstAid})
	private := CaseDetails{Employee: "marcus", JobTitle: "1st AD", Injury: "Needlestick", BodyPart: "hand", Object: "used syringe in the set dressing",
		Discreet: "Injury to hand", Type: TypeInjury, Privacy: "contaminated_sharps", WorkRelated: true, NewCase: true, MedicalTreatment: true}
	w.Must(person("nora"), RecordCase{ID: "k3", IncidentID: "i3", CaseDetails: private})
	if k := FindCase(w.Prod, "k3"); k.Number != "2021-003" || FindCase(w.Prod, "k2").Recordable().Recordable {
		t.Fatalf("numbers or recordability: %+v %+v", k, FindCase(w.Prod, "k2"))
	}
	summary := func() recordkeeping.Summary {
		t.Helper()
		r, ok := YearRecords(w.Prod, 2021, nil)
		if !ok {
			t.Fatal("no establishment")
		}
		sum, err := r.Summary()
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	// Two recordable, other recordable cases (J); no days.
	if s := summary(); s.OtherCases != 2 || s.DaysAwayCases != 0 || s.DaysAway != 0 || s.Types[recordkeeping.Injury] != 2 {
		t.Fatalf("summary: %+v", s)
	}
	r, _ := YearRecords(w.Prod, 2021, nil)
	log, err := recordkeeping.Log300(r.Establishment, 2021, r.Cases)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, row := range log.Rows {
		names = append(names, row.Name)
	}
	if !slices.Equal(names, []string{"Jack", recordkeeping.PrivacyCase}) {
		t.Fatalf("names on the log: %v", names)
	}
	// The sprain keeps Jack home for 3 days and on light duty for 200:
	// days away now, and the days stop at 180 in all.
	later := sprain()
	later.DaysAway, later.DaysRestricted = 3, 200
	_, err = w.Run(person("nora"), CorrectCase{ID: "k1", CaseDetails: later})
	wantCode(t, err, setsafe.EInvalid) // no reason
	evs := w.Must(person("nora"), CorrectCase{ID: "k1", CaseDetails: later, Reason: "Doctor's note: 3 days off, then light duty"})
	if evs[0].Corrects == 0 {
		t.Fatal("the correction does not point at the entry it corrects")
	}
	if s := summary(); s.DaysAwayCases != 1 || s.OtherCases != 1 || s.DaysAway != 3 || s.DaysRestricted != 177 {
		t.Fatalf("summary after the outcome changed: %+v", s)
	}
	if evs := w.Must(person("nora"), CorrectCase{ID: "k1", CaseDetails: later, Reason: "again"}); len(evs) != 0 {
		t.Fatalf("the same correction recorded again: %v", evs)
	}
	refolded, _ := YearRecords(w.Refold(), 2021, nil)
	if s, _ := refolded.Summary(); s.DaysAway != 3 || s.DaysRestricted != 177 {
		t.Fatalf("summary after folding again: %+v", s)
	}
}

// FuzzOpenPersonal: sealed personal details read back as they were sealed,
// and anything else is an error, never a panic.
func FuzzOpenPersonal(f *testing.F) {
	f.Add([]byte(`{"street":"12 Agua Fria St","birth_date":"1990-04-02","sex":"F","nonce":"n"}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"sex":7}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := OpenPersonal(data)
		if err != nil {
			return
		}
		again, err := OpenPersonal(p.Seal().Data)
		if err != nil || again != p {
			t.Fatalf("sealed %+v, read back %+v, %v", p, again, err)
		}
	})
}

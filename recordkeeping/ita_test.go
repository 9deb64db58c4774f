package recordkeeping

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the file is not CSV: %v", err)
	}
	return recs
}

func TestSummaryCSV(t *testing.T) {
	s, err := Summary300A(stage(), 2025, fixture())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteSummaryCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "establishment_name,ein,company_name,street_address,city,state,zip,naics_code,industry_description,size,establishment_type,year_filing_for,annual_average_employees,total_hours_worked,no_injuries_illnesses,total_deaths,total_dafw_cases,total_djtr_cases,total_other_cases,total_dafw_days,total_djtr_days,total_injuries,total_skin_disorders,total_respiratory_conditions,total_poisonings,total_hearing_loss,total_other_illnesses\r\n") {
		t.Fatalf("header line is not the ITA's:\n%s", b.String())
	}
	recs := readCSV(t, b.Bytes())
	if len(recs) != 2 {
		t.Fatalf("%d records, want header and one row", len(recs))
	}
	want := map[string]string{
		"establishment_name": "Stage 4 Unit", "ein": "123456789", "company_name": "Blue Lantern Pictures LLC",
		"street_address": "5800 Sunset Blvd", "city": "Los Angeles", "state": "CA", "zip": "90028",
		"naics_code": "512110", "industry_description": "Motion picture and video production",
		"size": "21", "establishment_type": "1", "year_filing_for": "2025",
		"annual_average_employees": "60", "total_hours_worked": "120000", "no_injuries_illnesses": "1",
		"total_deaths": "1", "total_dafw_cases": "4", "total_djtr_cases": "1", "total_other_cases": "3",
		"total_dafw_days": "355", "total_djtr_days": "39",
		"total_injuries": "4", "total_skin_disorders": "1", "total_respiratory_conditions": "1",
		"total_poisonings": "1", "total_hearing_loss": "1", "total_other_illnesses": "1",
	}
	for i, col := range recs[0] {
		if got := recs[1][i]; got != want[col] {
			t.Errorf("%s = %q, want %q", col, got, want[col])
		}
	}
}

func TestSummaryCSVOfAYearWithoutCases(t *testing.T) {
	s, err := Summary300A(stage(), 2026, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteSummaryCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, b.Bytes())
	row := recs[1]
	if got := row[slices.Index(recs[0], "no_injuries_illnesses")]; got != "2" {
		t.Errorf("no_injuries_illnesses = %q, want 2 (no injuries or illnesses)", got)
	}
	for _, col := range recs[0][15:] {
		if got := row[slices.Index(recs[0], col)]; got != "0" {
			t.Errorf("%s = %q, want 0", col, got)
		}
	}
}

func TestSummaryCSVRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Summary)
		field string
	}{
		{"EIN of 5 digits", func(s *Summary) { s.Establishment.EIN = "12-345" }, "EIN"},
		{"EIN with letters", func(s *Summary) { s.Establishment.EIN = "AB-3456789" }, "EIN"},
		{"ZIP of 4 digits", func(s *Summary) { s.Establishment.ZIP = "9002" }, "ZIP"},
		{"ZIP of 7 digits", func(s *Summary) { s.Establishment.ZIP = "9002812" }, "ZIP"},
		{"NAICS of 5 digits", func(s *Summary) { s.Establishment.NAICS = "51211" }, "NAICS code"},
		{"establishment type 4", func(s *Summary) { s.Establishment.Type = 4 }, "establishment type"},
		{"establishment type unset", func(s *Summary) { s.Establishment.Type = 0 }, "establishment type"},
		{"the old size 2", func(s *Summary) { s.Establishment.Size = 2 }, "size"},
		{"size too small for the average", func(s *Summary) { s.Establishment.Size = SizeUnder20 }, "size"},
		{"state not a state", func(s *Summary) { s.Establishment.State = "XX" }, "state"},
		{"no street", func(s *Summary) { s.Establishment.Street = "" }, "street address"},
		{"name too long", func(s *Summary) { s.Establishment.Name = strings.Repeat("n", 101) }, "establishment name"},
		{"no employees", func(s *Summary) { s.AnnualAverageEmployees = 0 }, "annual average number of employees"},
		{"more hours than a year has", func(s *Summary) { s.TotalHoursWorked = 60 * 9000 }, "total hours worked"},
		{"year of two digits", func(s *Summary) { s.Year = 25 }, "year"},
		{"types that don't add up", func(s *Summary) { s.Types[Injury]++ }, "total_injuries to total_other_illnesses"},
		{"negative total", func(s *Summary) { s.DaysAway = -1 }, "total_dafw_days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Summary300A(stage(), 2025, fixture())
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(&s)
			var b bytes.Buffer
			err = WriteSummaryCSV(&b, s)
			wantProblem(t, err, tt.field)
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes of a file it refused", b.Len())
			}
		})
	}
}

func TestSummaryCSVRefusesTheSameEstablishmentTwice(t *testing.T) {
	s, _ := Summary300A(stage(), 2025, nil)
	wantProblem(t, WriteSummaryCSV(&bytes.Buffer{}, s, s), "establishment_name")
}

func TestCaseCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCaseCSV(&b, stage(), 2025, fixture()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "establishment_name,year_of_filing,case_number,job_title,date_of_incident,incident_location,incident_description,incident_outcome,dafw_num_away,djtr_num_tr,type_of_incident,date_of_birth,date_of_hire,sex,treatment_facility_type,treatment_in_patient,time_started_work,time_of_incident,time_unknown,nar_before_incident,nar_what_happened,nar_injury_illness,nar_object_substance,date_of_death\r\n") {
		t.Fatalf("header line is not the ITA's:\n%s", b.String())
	}
	recs := readCSV(t, b.Bytes())
	if len(recs) != 10 {
		t.Fatalf("%d records, want header and the 9 recordable cases of 2025", len(recs))
	}
	byNumber := map[string]map[string]string{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, col := range recs[0] {
			m[col] = r[i]
		}
		byNumber[m["case_number"]] = m
	}
	ben := map[string]string{
		"establishment_name": "Stage 4 Unit", "year_of_filing": "2025", "case_number": "2025-02", "job_title": "Electrician",
		"date_of_incident": "02/03/2025", "incident_location": "Stage 4, lighting grid",
		"incident_description": "Fracture to left wrist from A-frame ladder", "incident_outcome": "2",
		"dafw_num_away": "12", "djtr_num_tr": "5", "type_of_incident": "1",
		"date_of_birth": "07/04/1990", "date_of_hire": "03/01/2021", "sex": "M",
		"treatment_facility_type": "1", "treatment_in_patient": "0",
		"time_started_work": "06:30", "time_of_incident": "14:05", "time_unknown": "",
		"nar_before_incident": "Climbing an A-frame ladder to focus a lamp",
		"nar_what_happened":   "The ladder's foot slid on a cable cover and he fell about 6 feet",
		"nar_injury_illness":  "Fractured left wrist", "nar_object_substance": "Concrete stage floor",
		"date_of_death": "",
	}
	for col, want := range ben {
		if got := byNumber["2025-02"][col]; got != want {
			t.Errorf("2025-02 %s = %q, want %q", col, got, want)
		}
	}
	// Codes of the other outcomes and types.
	codes := []struct{ number, outcome, typ, away, restricted, death, unknown string }{
		{"2025-05", "1", "1", "3", "0", "05/24/2025", "1"},
		{"2025-03", "3", "2", "0", "4", "", "1"},
		{"2025-01", "4", "1", "0", "0", "", "1"},
		{"2025-07", "2", "3", "150", "30", "", "1"},
		{"2025-10", "2", "4", "180", "0", "", "1"},
		{"2025-06", "4", "5", "0", "0", "", "1"},
		{"2025-9", "2", "6", "10", "0", "", "1"},
	}
	for _, c := range codes {
		m := byNumber[c.number]
		got := []string{m["incident_outcome"], m["type_of_incident"], m["dafw_num_away"], m["djtr_num_tr"], m["date_of_death"], m["time_unknown"], m["time_of_incident"]}
		want := []string{c.outcome, c.typ, c.away, c.restricted, c.death, c.unknown, ""}
		if !slices.Equal(got, want) {
			t.Errorf("%s outcome, type, K, L, death, time_unknown, time = %q, want %q", c.number, got, want)
		}
	}
	// Rows in case-number order.
	var order []string
	for _, r := range recs[1:] {
		order = append(order, r[2])
	}
	if want := []string{"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-9", "2025-10"}; !slices.Equal(order, want) {
		t.Errorf("rows %q, want %q", order, want)
	}
}

func TestCaseCSVCarriesNoNames(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCaseCSV(&b, stage(), 2025, fixture()); err != nil {
		t.Fatal(err)
	}
	for _, c := range fixture() {
		if strings.Contains(b.String(), c.EmployeeName) {
			t.Errorf("the ITA file names %s", c.EmployeeName)
		}
	}
	for _, s := range []string{"Dr. Rosa Park", "St. Joseph Hospital", "12 Elm St", "Needlestick", "Acute stress"} {
		if strings.Contains(b.String(), s) {
			t.Errorf("the ITA file holds %q", s)
		}
	}
	recs := readCSV(t, b.Bytes())
	for _, r := range recs[1:] {
		if r[2] == "2025-04" && r[6] != "Puncture wound to finger" {
			t.Errorf("privacy case description %q, want the discreet one", r[6])
		}
	}
}

func TestCaseCSVRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Case)
		field string
	}{
		{"nothing about what happened", func(c *Case) { c.WhatHappened = "" }, "what happened (301 item 15"},
		{"no object", func(c *Case) { c.ObjectSubstance = " " }, "the object or substance (301 item 17"},
		{"time given and unknown", func(c *Case) { c.TimeUnknown = true }, "time of event (301 item 13)"},
		{"no time at all", func(c *Case) { c.EventTime = nil }, "time of event (301 item 13"},
		{"time of 25 o'clock", func(c *Case) { c.EventTime = &ClockTime{25, 0} }, "time of event (301 item 13)"},
		{"began work at minute 60", func(c *Case) { c.BeganWork = &ClockTime{6, 60} }, "time employee began work"},
		{"born after the injury", func(c *Case) { c.Employee.BirthDate = date(2025, 3, 1) }, "date of birth"},
		{"hired after the injury", func(c *Case) { c.Employee.HireDate = date(2025, 3, 1) }, "date hired"},
		{"sex X", func(c *Case) { c.Employee.Sex = "X" }, "sex"},
		{"death without a date", func(c *Case) { c.Outcomes.Death = true }, "date of death (301 item 18, date_of_death)"},
		{"date of death without a death", func(c *Case) { c.DateOfDeath = date(2025, 2, 10) }, "date of death (301 item 18)"},
		{"died before the injury", func(c *Case) { c.Outcomes.Death = true; c.DateOfDeath = date(2025, 1, 10) }, "date of death"},
		{"no where", func(c *Case) { c.Where = "" }, "where the event occurred (E)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := benCole()
			tt.edit(&c)
			var b bytes.Buffer
			err := WriteCaseCSV(&b, stage(), 2025, []Case{c})
			wantProblem(t, err, "case 2025-02: "+tt.field)
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes of a file it refused", b.Len())
			}
		})
	}
}

func TestCaseCSVRefusesAnEstablishmentWithoutAName(t *testing.T) {
	e := stage()
	e.Name = ""
	wantProblem(t, WriteCaseCSV(&bytes.Buffer{}, e, 2025, fixture()), "establishment_name")
}

func TestCaseCSVOfAYearWithoutCasesIsItsHeader(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCaseCSV(&b, stage(), 2026, fixture()); err != nil {
		t.Fatal(err)
	}
	if recs := readCSV(t, b.Bytes()); len(recs) != 1 {
		t.Errorf("%d records, want the header alone", len(recs))
	}
}

package recordkeeping

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The files for OSHA's Injury Tracking Application (ITA), by which the
// establishments 1904.41 names submit their 300A, and some their 300 and
// 301, each year by March 2.
//
// Where each coded value comes from. OSHA's current ITA data dictionary
// and CSV templates could not be read from here, so each value rests on
// the sources named beside it; none contradicts another.
//
//   - Column names and order: recordkeeping.md, matching the templates
//     ita_template_form_300-301_csv_data.csv and
//     osha_ita_summary_data_csv_template-revised.csv as the open-source
//     EHS tool Odin (asgardehs/odin, internal/osha_ita) transcribes them.
//     That summary template ends with a 28th column, change_reason, which
//     recordkeeping.md leaves out and so does this file.
//   - establishment_type 1/2/3 and size 1/21/22/3: see EstablishmentType
//     and SizeClass.
//   - no_injuries_illnesses: 1 when the establishment had injuries or
//     illnesses in the year, 2 when it had none (two independent ITA
//     exporters agree: a payload builder "based on API specifications"
//     and a TypeScript exporter checked against the ITA CSV
//     specifications; OSHA's 300A web form asks the same yes-or-no).
//   - incident_outcome 1 death, 2 days away, 3 job transfer or
//     restriction, 4 other recordable (the same two exporters and
//     SafetyCulture's API samples; OSHA's published case data marks
//     deaths with incident_outcome 1): Classification's numbers.
//   - type_of_incident 1 injury to 6 all other illnesses in the 300's
//     order (the same sources): CaseType's numbers.
//   - treatment_facility_type: 1 if treated in an emergency room, 0 if
//     not; treatment_in_patient: 1 if hospitalized overnight as an
//     in-patient, 0 if not (the same two exporters; OSHA's text not seen).
//   - time_unknown: 1 when the time of the event is not known, empty
//     otherwise, with time_of_incident then empty (the same two
//     exporters).
//   - Dates MM/DD/YYYY, times 24-hour HH:MM: the TypeScript exporter
//     writes dates so and both write times so; Odin's notes say the ITA
//     template "historically expects MM/DD/YYYY". Not confirmed in OSHA's
//     text.
//   - sex M or F, or empty: the exporters' values; whether the ITA now
//     takes a third value is not confirmed.
//   - Text lengths: only the establishment's are known (see
//     establishment.go); no limit for the case file's text columns could
//     be confirmed, so none is enforced.

// SummaryColumns are the columns of the ITA summary (300A) file, in order.
var SummaryColumns = []string{
	"establishment_name", "ein", "company_name", "street_address", "city", "state", "zip",
	"naics_code", "industry_description", "size", "establishment_type", "year_filing_for",
	"annual_average_employees", "total_hours_worked", "no_injuries_illnesses",
	"total_deaths", "total_dafw_cases", "total_djtr_cases", "total_other_cases",
	"total_dafw_days", "total_djtr_days",
	"total_injuries", "total_skin_disorders", "total_respiratory_conditions",
	"total_poisonings", "total_hearing_loss", "total_other_illnesses",
}

// CaseColumns are the columns of the ITA case (300 and 301) file, in
// order. No column holds the employee's name or address, the health care
// professional or the treatment facility: 1904.41, as amended with effect
// from 1 January 2024, has them left out of what is submitted.
var CaseColumns = []string{
	"establishment_name", "year_of_filing", "case_number", "job_title", "date_of_incident",
	"incident_location", "incident_description", "incident_outcome", "dafw_num_away", "djtr_num_tr",
	"type_of_incident", "date_of_birth", "date_of_hire", "sex", "treatment_facility_type",
	"treatment_in_patient", "time_started_work", "time_of_incident", "time_unknown",
	"nar_before_incident", "nar_what_happened", "nar_injury_illness", "nar_object_substance",
	"date_of_death",
}

// Had-injuries answers of no_injuries_illnesses.
const (
	hadInjuries = "1"
	noInjuries  = "2"
)

// WriteSummaryCSV writes the ITA summary file, one row for each summary
// (see [Summary300A]). It checks every summary first and writes nothing
// when one is wrong, returning every [Problem].
func WriteSummaryCSV(w io.Writer, summaries ...Summary) error {
	if len(summaries) == 0 {
		return fmt.Errorf("ITA summary file: no summaries to write; make one with Summary300A")
	}
	var ps problems
	names := map[string]bool{}
	for _, s := range summaries {
		s.validate(&ps)
		if names[s.Establishment.Name] {
			ps.add("establishment_name", fmt.Sprintf("%q appears twice", s.Establishment.Name), "give each establishment its own name, as in the ITA account, and one summary a file")
		}
		names[s.Establishment.Name] = true
	}
	if err := ps.err(); err != nil {
		return fmt.Errorf("ITA summary file not written: %w", err)
	}
	rows := [][]string{SummaryColumns}
	for _, s := range summaries {
		rows = append(rows, s.record())
	}
	return writeCSV(w, rows, "ITA summary file")
}

// validate checks a summary for the ITA file.
func (s Summary) validate(ps *problems) {
	e := s.Establishment
	e.AnnualAverageEmployees, e.TotalHoursWorked = s.AnnualAverageEmployees, s.TotalHoursWorked
	if err := e.Validate(); err != nil {
		*ps = append(*ps, err)
	}
	validateYear(ps, s.Year)
	counts := []struct {
		name string
		n    int
	}{
		{"total_deaths", s.Deaths}, {"total_dafw_cases", s.DaysAwayCases}, {"total_djtr_cases", s.RestrictedCases},
		{"total_other_cases", s.OtherCases}, {"total_dafw_days", s.DaysAway}, {"total_djtr_days", s.DaysRestricted},
	}
	for _, t := range CaseTypes {
		counts = append(counts, struct {
			name string
			n    int
		}{t.String(), s.Types[t]})
	}
	types := 0
	for _, c := range counts {
		if c.n < 0 {
			ps.add(c.name, fmt.Sprintf("is %d", c.n), "totals are counts, 0 or more: make the summary with Summary300A")
		}
	}
	for _, t := range CaseTypes {
		types += s.Types[t]
	}
	// The ITA refuses a summary whose cases by type don't add up to its
	// cases by outcome (Aclaimant's restatement of the ITA validations).
	if types != s.Cases() {
		ps.add("total_injuries to total_other_illnesses", fmt.Sprintf("add up to %d cases but G to J add up to %d", types, s.Cases()), "make the summary with Summary300A so that both count the same cases")
	}
}

// record is the summary's row of the ITA summary file, in SummaryColumns'
// order. The summary must be valid.
func (s Summary) record() []string {
	e := s.Establishment
	ein, _ := ParseEIN(e.EIN)
	zip, _ := ParseZIP(e.ZIP)
	naics, _ := ParseNAICS(e.NAICS)
	had := noInjuries
	if s.Cases() > 0 {
		had = hadInjuries
	}
	n := strconv.Itoa
	return []string{
		e.Name, ein, e.CompanyName, e.Street, e.City, e.State, zip,
		naics, e.Industry, n(int(e.Size)), n(int(e.Type)), n(s.Year),
		n(s.AnnualAverageEmployees), n(s.TotalHoursWorked), had,
		n(s.Deaths), n(s.DaysAwayCases), n(s.RestrictedCases), n(s.OtherCases),
		n(s.DaysAway), n(s.DaysRestricted),
		n(s.Types[Injury]), n(s.Types[SkinDisorder]), n(s.Types[RespiratoryCondition]),
		n(s.Types[Poisoning]), n(s.Types[HearingLoss]), n(s.Types[OtherIllness]),
	}
}

// WriteCaseCSV writes the ITA case file of an establishment for a year:
// one row for each recordable case whose date falls in the year, in
// case-number order, with the 300 and 301 fields the ITA collects. It
// checks every case first and writes nothing when one is wrong, returning
// every [Problem].
func WriteCaseCSV(w io.Writer, est Establishment, year int, cases []Case) error {
	var ps problems
	if strings.TrimSpace(est.Name) == "" {
		ps.add("establishment_name", "is empty", "enter the establishment's name as in the ITA account")
	} else if utf8.RuneCountInString(est.Name) > maxNameLen {
		ps.add("establishment_name", fmt.Sprintf("is longer than the %d characters the ITA takes", maxNameLen), "shorten it, as in the ITA account")
	}
	validateYear(&ps, year)
	chosen := recordedCases(year, cases, &ps)
	for _, c := range chosen {
		c.validateIncident(&ps)
		c.validateComplete(&ps)
	}
	if err := ps.err(); err != nil {
		return fmt.Errorf("ITA case file not written: %w", err)
	}
	rows := [][]string{CaseColumns}
	for _, c := range chosen {
		rows = append(rows, caseRecord(est, year, c))
	}
	return writeCSV(w, rows, "ITA case file")
}

// caseRecord is the row of a validated, recordable case, in CaseColumns'
// order.
func caseRecord(est Establishment, year int, c Case) []string {
	r := rowOf(c)
	eventTime, unknown := "", ""
	if c.TimeUnknown {
		unknown = "1"
	} else if c.EventTime != nil {
		eventTime = c.EventTime.String()
	}
	began := ""
	if c.BeganWork != nil {
		began = c.BeganWork.String()
	}
	return []string{
		est.Name, strconv.Itoa(year), r.CaseNumber, c.JobTitle, itaDate(c.Date),
		c.Where, r.Description, strconv.Itoa(int(r.Classification)), strconv.Itoa(r.DaysAway), strconv.Itoa(r.DaysRestricted),
		strconv.Itoa(int(c.Type)), itaDate(c.Employee.BirthDate), itaDate(c.Employee.HireDate), string(c.Employee.Sex), yesNo(c.Treatment.EmergencyRoom),
		yesNo(c.Treatment.Hospitalized), began, eventTime, unknown,
		c.Before, c.WhatHappened, c.InjuryIllness, c.ObjectSubstance,
		itaDate(c.DateOfDeath),
	}
}

// itaDate writes a date as MM/DD/YYYY, and a date not given as nothing.
func itaDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("01/02/2006")
}

func yesNo(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// writeCSV writes rows as RFC 4180 CSV, lines ended by CRLF.
func writeCSV(w io.Writer, rows [][]string, what string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

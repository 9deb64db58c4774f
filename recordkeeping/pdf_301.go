package recordkeeping

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Write301PDF writes the OSHA 301 injury and illness incident report of
// each case, one case to a portrait Letter page, its items numbered as on
// the form. The 301 is completed within 7 calendar days of learning of a
// recordable case and kept 5 years (1904.29(b)(3), 1904.33). It is not
// posted, so it names the employee even in a privacy concern case; the
// page says the case is one.
func Write301PDF(w io.Writer, est Establishment, cases ...Case) error {
	if len(cases) == 0 {
		return errors.New("301 incident report PDF: no cases to write")
	}
	var errs []error
	for _, c := range cases {
		if err := c.Validate301(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("301 incident report PDF: %w", err)
	}
	s := newSheet("P", "OSHA Form 301, "+est.Name)
	for _, c := range cases {
		s.page301(est, c)
	}
	return s.finish(w, "301 incident report PDF")
}

// page301 writes one case's 301.
func (s *sheet) page301(est Establishment, c Case) {
	s.AddPage()
	s.font("B", 14)
	s.cell(15, 12, 150, 7, "OSHA's Form 301  Injury and Illness Incident Report", "", "L")
	s.font("", 8)
	y := s.para(15, 20, 186, 3.5, "Establishment: "+joinNonBlank(", ", est.Name, est.City, est.State)+". Attention: This form contains information relating to employee health and must be used in a manner that protects the confidentiality of employees to the extent possible while the information is being used for occupational safety and health purposes.")
	if c.IsPrivacyCase() {
		s.font("B", 8)
		y = s.para(15, y+1, 186, 3.5, fmt.Sprintf("Privacy concern case: %s (%s). The 300 log shows \"%s\" instead of the employee's name; keep this report confidential.", c.Privacy, c.Privacy.Section(), PrivacyCase))
	}

	y = s.heading(15, y+3, "Information about the employee")
	y = s.field(15, y, 186, "1) Full name", c.EmployeeName)
	e := c.Employee
	y = s.field(15, y, 186, "2) Street", e.Street)
	y = s.field(15, y, 186, "City, State, ZIP", joinAddress(e.City, e.State, e.ZIP))
	y = s.pair(y, "3) Date of birth", showDate(e.BirthDate), "4) Date hired", showDate(e.HireDate))
	y = s.field(15, y, 186, "5) Sex", sexWord(e.Sex))

	y = s.heading(15, y+2, "Information about the physician or other health care professional")
	t := c.Treatment
	y = s.field(15, y, 186, "6) Name of physician or other health care professional", t.HealthCareProfessional)
	y = s.field(15, y, 186, "7) If treatment was given away from the worksite, where was it given? Facility", t.FacilityName)
	y = s.field(15, y, 186, "Street", t.FacilityStreet)
	y = s.field(15, y, 186, "City, State, ZIP", joinAddress(t.FacilityCity, t.FacilityState, t.FacilityZIP))
	y = s.field(15, y, 186, "8) Was employee treated in an emergency room?", yesNoWord(t.EmergencyRoom))
	y = s.field(15, y, 186, "9) Was employee hospitalized overnight as an in-patient?", yesNoWord(t.Hospitalized))

	y = s.heading(15, y+2, "Information about the case")
	y = s.pair(y, "10) Case number from the Log", c.Number, "11) Date of injury or illness", showDate(c.Date))
	event := clockWord(c.EventTime)
	if c.TimeUnknown {
		event = "time cannot be determined"
	}
	y = s.pair(y, "12) Time employee began work", clockWord(c.BeganWork), "13) Time of event", event)
	y = s.field(15, y, 186, "14) What was the employee doing just before the incident occurred?", c.Before)
	y = s.field(15, y, 186, "15) What happened? Tell us how the injury occurred.", c.WhatHappened)
	y = s.field(15, y, 186, "16) What was the injury or illness? Tell us the part of the body that was affected and how it was affected.", c.InjuryIllness)
	y = s.field(15, y, 186, "17) What object or substance directly harmed the employee?", c.ObjectSubstance)
	y = s.field(15, y, 186, "18) If the employee died, when did death occur? Date of death", showDate(c.DateOfDeath))

	p := c.CompletedBy
	y = s.heading(15, y+2, "Who completed this form")
	y = s.pair(y, "Completed by", p.Name, "Title", p.Title)
	s.pair(y, "Phone", p.Phone, "Date", showDate(p.Date))
}

// joinNonBlank joins the parts that are not blank.
func joinNonBlank(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return strings.Join(out, sep)
}

// joinAddress writes "City, ST ZIP".
func joinAddress(city, state, zip string) string {
	return joinNonBlank(", ", city, joinNonBlank(" ", state, zip))
}

func sexWord(s Sex) string {
	switch s {
	case Male:
		return "Male"
	case Female:
		return "Female"
	}
	return ""
}

func yesNoWord(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func clockWord(c *ClockTime) string {
	if c == nil {
		return ""
	}
	return c.Kitchen()
}

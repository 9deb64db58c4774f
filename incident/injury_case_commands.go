package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/recordkeeping"
)

// CaseDetails are what someone who keeps the injury records writes of a
// case: the employee (a person of the production), the OSHA 300's columns
// and the recording questions, and the 301's questions but the personal
// details. Left blank, the job title is the employee's on the crew list,
// the date the incident's day and where the incident's place.
type CaseDetails struct {
	Employee             string
	JobTitle             string
	Date                 string
	Where                string
	Injury               string
	BodyPart             string
	Object               string
	Discreet             string
	Type                 string
	Privacy              string
	WorkRelated          bool
	NewCase              bool
	Death                bool
	DateOfDeath          string
	DaysAway             int64
	DaysRestricted       int64
	MedicalTreatment     bool
	LossOfConsciousness  bool
	SignificantDiagnosis bool
	BeganWork            string
	EventTime            string
	TimeUnknown          bool
	Before               string
	WhatHappened         string
	EmergencyRoom        bool
	Hospitalized         bool
	CompletedTitle       string
	CompletedPhone       string
}

// maxDays bounds a day count: far beyond the 180 the log counts to.
const maxDays = 10000

// check validates the details of a case of incident x and returns what
// an entry records.
func (d CaseDetails) check(p setsafe.Problems, s *setsafe.State, x *Incident) CaseFacts {
	f := CaseFacts{Employee: strings.TrimSpace(d.Employee), WorkRelated: d.WorkRelated, NewCase: d.NewCase, Death: d.Death,
		DaysAway: d.DaysAway, DaysRestricted: d.DaysRestricted, MedicalTreatment: d.MedicalTreatment, LossOfConsciousness: d.LossOfConsciousness,
		SignificantDiagnosis: d.SignificantDiagnosis, TimeUnknown: d.TimeUnknown, EmergencyRoom: d.EmergencyRoom, Hospitalized: d.Hospitalized,
		Type: d.Type, Privacy: d.Privacy}
	employee := s.Person(f.Employee)
	if employee == nil {
		p.Add("employee", "must name the injured or ill person on the production's crew or cast list")
	}
	jobTitle, date, where := d.JobTitle, d.Date, d.Where
	if strings.TrimSpace(jobTitle) == "" && employee != nil {
		jobTitle = employee.JobTitle
	}
	if strings.TrimSpace(date) == "" {
		date = s.Day(x.OccurredAt)
	}
	if strings.TrimSpace(where) == "" {
		where = strings.TrimSpace(s.LocationName(x.LocationID) + " " + x.Where)
		if x.LocationID == "" {
			where = x.Where
		}
	}
	f.JobTitle = setsafe.CleanText(p, "job_title", jobTitle, setsafe.MaxShortText, true)
	f.Date = setsafe.CleanDay(p, "date", date, true)
	f.Where = setsafe.CleanText(p, "where", where, setsafe.MaxShortText, true)
	f.Injury = setsafe.CleanText(p, "injury", d.Injury, setsafe.MaxShortText, true)
	f.BodyPart = setsafe.CleanText(p, "body_part", d.BodyPart, setsafe.MaxShortText, false)
	f.Object = setsafe.CleanText(p, "object", d.Object, setsafe.MaxShortText, false)
	f.Discreet = setsafe.CleanText(p, "discreet", d.Discreet, setsafe.MaxShortText, false)
	setsafe.OneOf(p, "case_type", d.Type, CaseTypes)
	if d.Privacy != "" {
		setsafe.OneOf(p, "privacy", d.Privacy, PrivacyReasons)
		switch {
		case d.Privacy == "illness_on_request" && d.Type == TypeInjury:
			p.Add("privacy", "illness_on_request is for an illness only (1904.29(b)(7)(vi)): an injury's name stays on the log")
		case d.Privacy == "mental_illness" && d.Type == TypeInjury:
			p.Add("case_type", "must be other_illness for a mental illness, which is an illness, not an injury")
		}
	}
	for field, n := range map[string]int64{"days_away": d.DaysAway, "days_restricted": d.DaysRestricted} {
		if n < 0 || n > maxDays {
			p.Add(field, "must be a count of calendar days, 0 to %d", maxDays)
		}
	}
	f.DateOfDeath = setsafe.CleanDay(p, "date_of_death", d.DateOfDeath, false)
	if f.DateOfDeath != "" && !d.Death {
		p.Add("date_of_death", "is only for a case that ended in a death: set death too")
	}
	for _, t := range []struct {
		field, text string
		into        *string
	}{{"began_work", d.BeganWork, &f.BeganWork}, {"event_time", d.EventTime, &f.EventTime}} {
		if strings.TrimSpace(t.text) == "" {
			continue
		}
		c, err := recordkeeping.ParseClock(t.text)
		if err != nil {
			p.Add(t.field, "must be a time of day such as 06:30 or 2:05 PM")
			continue
		}
		*t.into = fmt.Sprintf("%02d:%02d", c.Hour, c.Minute)
	}
	if f.EventTime != "" && d.TimeUnknown {
		p.Add("time_unknown", "is set though the time of the event is given: give one or the other")
	}
	f.Before = setsafe.CleanReason(p, "before_incident", d.Before, false)
	f.WhatHappened = setsafe.CleanReason(p, "what_happened", d.WhatHappened, false)
	f.CompletedTitle = setsafe.CleanText(p, "completed_title", d.CompletedTitle, setsafe.MaxShortText, false)
	f.CompletedPhone = setsafe.CleanText(p, "completed_phone", d.CompletedPhone, setsafe.MaxShortText, false)
	return f
}

// checkPersonal validates sealed personal details; it returns them with a
// fresh nonce.
func checkPersonal(p setsafe.Problems, in Personal) Personal {
	out := Personal{Nonce: setsafe.NewID(),
		Street: setsafe.CleanText(p, "personal.street", in.Street, 100, false), City: setsafe.CleanText(p, "personal.city", in.City, 100, false),
		ZIP: strings.TrimSpace(in.ZIP), State: strings.ToUpper(strings.TrimSpace(in.State)), Sex: strings.ToUpper(strings.TrimSpace(in.Sex)),
		BirthDate: setsafe.CleanDay(p, "personal.birth_date", in.BirthDate, false), HireDate: setsafe.CleanDay(p, "personal.hire_date", in.HireDate, false),
		HealthCareProfessional: setsafe.CleanText(p, "personal.health_care_professional", in.HealthCareProfessional, setsafe.MaxNameLength, false),
		FacilityName:           setsafe.CleanText(p, "personal.facility_name", in.FacilityName, setsafe.MaxNameLength, false),
		FacilityStreet:         setsafe.CleanText(p, "personal.facility_street", in.FacilityStreet, 100, false),
		FacilityCity:           setsafe.CleanText(p, "personal.facility_city", in.FacilityCity, 100, false),
		FacilityState:          strings.ToUpper(strings.TrimSpace(in.FacilityState)), FacilityZIP: strings.TrimSpace(in.FacilityZIP)}
	if !slices.Contains([]string{"", "M", "F"}, out.Sex) {
		p.Add("personal.sex", "must be M, F, or left blank: the 301 asks male or female")
	}
	for field, v := range map[string]string{"personal.state": out.State, "personal.facility_state": out.FacilityState} {
		if v != "" && !recordkeeping.IsState(v) {
			p.Add(field, "must be a 2-letter postal code such as NM, or left blank")
		}
	}
	for field, v := range map[string]string{"personal.zip": out.ZIP, "personal.facility_zip": out.FacilityZIP} {
		if _, err := recordkeeping.ParseZIP(v); v != "" && err != nil {
			p.Add(field, "must be a 5- or 9-digit ZIP code, or left blank")
		}
	}
	return out
}

// RecordCase records an employee's work-related injury or illness from an
// incident, with the personal details the 301 asks sealed beside the
// ledger: those who keep the injury records may. It is numbered on its
// year's log; whether it is recordable follows from its answers.
type RecordCase struct {
	ID         string
	IncidentID string
	CaseDetails
	Personal Personal
	By       string
}

// Authorize implements setsafe.Command.
func (c RecordCase) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermKeepRecords)
}

// Decide implements setsafe.Command.
func (c RecordCase) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	x := Find(s, c.IncidentID)
	if x == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no incident %s.", c.IncidentID)
	}
	if FindCase(s, c.ID) != nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Injury case %s exists already.", c.ID)
	}
	p := setsafe.Problems{}
	setsafe.CheckID(p, "id", c.ID)
	facts := c.CaseDetails.check(p, s, x)
	personal := checkPersonal(p, c.Personal)
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	for _, other := range CasesOf(s, x.ID) {
		if other.Employee == facts.Employee {
			return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Incident %s has case %s of this employee already: correct it instead.", x.ID, other.Number)
		}
	}
	sealed := personal.Seal()
	facts.PersonalFile = sealed.SHA256
	year, _ := time.Parse(time.DateOnly, facts.Date)
	b := &CaseRecorded{ID: c.ID, IncidentID: x.ID, Number: nextNumber(s, year.Year()), CaseFacts: facts, By: by}
	out := one(b)
	sealPersonal(&out, c.ID, sealed)
	return out, nil
}

// nextNumber is the next case number on a year's log, as 2026-004.
func nextNumber(s *setsafe.State, year int) string {
	n := 0
	for _, c := range CasesIn(s, year) {
		var y, k int
		if _, err := fmt.Sscanf(c.Number, "%d-%d", &y, &k); err == nil && k > n {
			n = k
		}
	}
	return fmt.Sprintf("%d-%03d", year, n+1)
}

// sealPersonal attaches the sealed personal details to a case.
func sealPersonal(out *setsafe.Outcome, id string, sealed setsafe.File) {
	out.Events = append(out.Events, setsafe.Draft{Body: &setsafe.FileAttached{Subject: SubjectPersonal, SubjectID: id, File: sealed.SHA256,
		ContentType: sealed.ContentType, Size: int64(len(sealed.Data)), Caption: "Personal details (OSHA 301)"}})
	out.Files = append(out.Files, sealed)
}

// CorrectCase records a case as it now reads: when its outcome changed
// (more days away, a death) or it was recorded wrong, with the reason.
// Personal, when given, replaces the sealed personal details; nil keeps
// them. Those who keep the injury records may.
type CorrectCase struct {
	ID string
	CaseDetails
	Personal *Personal
	Reason   string
	By       string
}

// Authorize implements setsafe.Command.
func (c CorrectCase) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermKeepRecords)
}

// Decide implements setsafe.Command.
func (c CorrectCase) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	old := FindCase(s, c.ID)
	if old == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no injury case %s.", c.ID)
	}
	p := setsafe.Problems{}
	facts := c.CaseDetails.check(p, s, Find(s, old.IncidentID))
	reason := setsafe.CleanReason(p, "reason", c.Reason, true)
	var personal Personal
	if c.Personal != nil {
		personal = checkPersonal(p, *c.Personal)
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	facts.PersonalFile = old.PersonalFile
	if c.Personal == nil && facts == old.facts() {
		return setsafe.Outcome{}, nil // as it reads already: sent again, say
	}
	var sealed setsafe.File
	if c.Personal != nil {
		sealed = personal.Seal()
		facts.PersonalFile = sealed.SHA256
	}
	out := setsafe.Outcome{Events: []setsafe.Draft{{Body: &CaseCorrected{ID: c.ID, CaseFacts: facts, Reason: reason, By: by}, Corrects: old.RecordSeq}}}
	if c.Personal != nil {
		sealPersonal(&out, c.ID, sealed)
	}
	return out, nil
}

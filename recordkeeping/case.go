package recordkeeping

import (
	"fmt"
	"strings"
	"time"
)

// Case is one work-related injury or illness with what forms 300 and 301
// ask about it. It holds the latest facts: when an outcome changes (more
// days away, a death), change the case; its row, its classification and
// the year's totals follow (1904.7(b)(3): update the day count when the
// actual number is known).
//
// Dates are read by their calendar date only (year, month and day in the
// time's own location); a zero time is a date not given.
type Case struct {
	Number       string    // (A) case number
	EmployeeName string    // (B), and 301 item 1
	JobTitle     string    // (C)
	Date         time.Time // (D) date of injury or onset of illness; 301 item 11
	Where        string    // (E) where the event occurred
	Description  Description
	Outcomes     Outcomes
	Type         CaseType // (M)
	// Privacy is why the case is a privacy concern case (1904.29(b)(7));
	// NotPrivate for any other case.
	Privacy PrivacyReason

	Employee  Employee  // 301 items 2 to 5
	Treatment Treatment // 301 items 6 to 9
	// BeganWork is the time the employee began work (301 item 12); nil
	// when not known.
	BeganWork *ClockTime
	// EventTime is the time of the event (301 item 13); nil with
	// TimeUnknown set when no one knows it.
	EventTime   *ClockTime
	TimeUnknown bool
	// The four questions of the 301 (items 14 to 17).
	Before          string    // what was the employee doing just before the incident
	WhatHappened    string    // how the injury occurred
	InjuryIllness   string    // the injury or illness, and the part of the body affected
	ObjectSubstance string    // the object or substance that directly harmed the employee
	DateOfDeath     time.Time // 301 item 18, when the employee died
	CompletedBy     Preparer
}

// Description is column F of the 300: the injury or illness, the parts of
// the body affected and the object or substance that directly injured or
// made the person ill ("second degree burns on right forearm from
// acetylene torch").
type Description struct {
	Injury   string
	BodyPart string
	Object   string
	// Discreet, for a privacy concern case, is a description without the
	// details that would identify the employee ("injury to hand"); the
	// 300 and the ITA file use it instead of the others (1904.29(b)(9)).
	Discreet string
}

// String writes the description as column F shows it.
func (d Description) String() string {
	s := strings.TrimSpace(d.Injury)
	if b := strings.TrimSpace(d.BodyPart); b != "" {
		s = joinNonEmpty(s, b, " to ")
	}
	if o := strings.TrimSpace(d.Object); o != "" {
		s = joinNonEmpty(s, o, " from ")
	}
	return s
}

func joinNonEmpty(a, b, sep string) string {
	if a == "" {
		return b
	}
	return a + sep + b
}

// Employee is what the 301 asks about the employee besides the name.
type Employee struct {
	Street, City, State, ZIP string
	BirthDate                time.Time
	HireDate                 time.Time
	Sex                      Sex
}

// Sex is the employee's sex as the 301 asks it (item 5: male or female).
// The ITA case file takes M or F; whether it now takes a third value
// could not be confirmed, so none is offered (see ita.go).
type Sex string

// The answers to the 301's item 5; SexNotGiven leaves it blank.
const (
	SexNotGiven Sex = ""
	Male        Sex = "M"
	Female      Sex = "F"
)

// Treatment is where and by whom the employee was treated (301 items 6
// to 9).
type Treatment struct {
	// HealthCareProfessional is the physician or other health care
	// professional.
	HealthCareProfessional string
	// Facility is where treatment was given away from the worksite.
	FacilityName, FacilityStreet, FacilityCity, FacilityState, FacilityZIP string
	EmergencyRoom                                                          bool // treated in an emergency room
	Hospitalized                                                           bool // hospitalized overnight as an in-patient
}

// Preparer is who completed the 301 and when.
type Preparer struct {
	Name, Title, Phone string
	Date               time.Time
}

// CaseType is column M of the 300: an injury or one of five kinds of
// illness. The numbers are the 300's column order M1 to M6, which is also
// the ITA case file's type_of_incident code (see ita.go).
type CaseType int

// The case types, in the 300's order.
const (
	Injury               CaseType = 1
	SkinDisorder         CaseType = 2
	RespiratoryCondition CaseType = 3
	Poisoning            CaseType = 4
	HearingLoss          CaseType = 5
	OtherIllness         CaseType = 6
)

// CaseTypes are the case types in the 300's column order.
var CaseTypes = []CaseType{Injury, SkinDisorder, RespiratoryCondition, Poisoning, HearingLoss, OtherIllness}

// String names the type as the 300 does.
func (t CaseType) String() string {
	switch t {
	case Injury:
		return "injury"
	case SkinDisorder:
		return "skin disorder"
	case RespiratoryCondition:
		return "respiratory condition"
	case Poisoning:
		return "poisoning"
	case HearingLoss:
		return "hearing loss"
	case OtherIllness:
		return "all other illnesses"
	}
	return fmt.Sprintf("case type %d", int(t))
}

// Column is the 300 column the type is checked in, "M1" to "M6".
func (t CaseType) Column() string { return fmt.Sprintf("M%d", int(t)) }

// Illness says whether the type is one of the illnesses (M2 to M6).
func (t CaseType) Illness() bool { return t >= SkinDisorder && t <= OtherIllness }

func (t CaseType) valid() bool { return t >= Injury && t <= OtherIllness }

// label names the case in a Problem: its number when it has one.
func (c Case) label() string {
	if strings.TrimSpace(c.Number) == "" {
		return "case without a number"
	}
	return "case " + c.Number
}

// Validate checks what the 300 log needs of the case: its number, title,
// date, place, description, type, outcomes and privacy reason.
func (c Case) Validate() error {
	var ps problems
	c.validateLog(&ps)
	return ps.err()
}

func (c Case) validateLog(ps *problems) {
	l := c.label()
	need := func(field, v, fix string) {
		if strings.TrimSpace(v) == "" {
			ps.add(l+": "+field, "is empty", fix)
		}
	}
	need("case number (A)", c.Number, "give each case on the log its own number")
	need("job title (C)", c.JobTitle, "enter the employee's job title, e.g. grip")
	need("where the event occurred (E)", c.Where, "enter where it happened, e.g. stage 4 or loading dock")
	need("description (F)", c.Description.String(), "describe the injury or illness, the part of the body and what caused it")
	if c.Date.IsZero() {
		ps.add(l+": date of injury or onset of illness (D)", "is not given", "enter the date")
	}
	if !c.Type.valid() {
		ps.add(l+": type (M)", fmt.Sprintf("%d is not one of the six types", int(c.Type)), "choose injury, skin disorder, respiratory condition, poisoning, hearing loss or all other illnesses")
	}
	if err := c.Outcomes.validate(); err != nil {
		ps.add(l+": outcomes", err.Error(), "count days as whole calendar days, 0 or more")
	}
	c.validatePrivacy(ps)
}

// day returns the calendar date of t at midnight UTC, for comparing dates
// that may have been made in different locations.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

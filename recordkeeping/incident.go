package recordkeeping

import (
	"fmt"
	"strings"
	"time"
)

// validateIncident checks that what the 301 says about the case holds
// together: real times, dates in their order, a known sex and a date of
// death only for a death. Blank answers pass; see validateComplete.
func (c Case) validateIncident(ps *problems) {
	l := c.label()
	if c.BeganWork != nil && !c.BeganWork.Valid() {
		ps.add(l+": time employee began work (301 item 12)", fmt.Sprintf("%02d:%02d is not a time of day", c.BeganWork.Hour, c.BeganWork.Minute), "enter it as e.g. 06:30")
	}
	switch {
	case c.EventTime != nil && c.TimeUnknown:
		ps.add(l+": time of event (301 item 13)", "is given and also marked unknown", "give the time or mark it unknown, not both")
	case c.EventTime != nil && !c.EventTime.Valid():
		ps.add(l+": time of event (301 item 13)", fmt.Sprintf("%02d:%02d is not a time of day", c.EventTime.Hour, c.EventTime.Minute), "enter it as e.g. 14:05")
	}
	switch c.Employee.Sex {
	case SexNotGiven, Male, Female:
	default:
		ps.add(l+": sex (301 item 5)", fmt.Sprintf("%q is not an answer the 301 offers", string(c.Employee.Sex)), "choose male, female, or leave it blank")
	}
	when := day(c.Date)
	if b := c.Employee.BirthDate; !b.IsZero() {
		switch {
		case b.Year() < 1900:
			ps.add(l+": date of birth (301 item 3)", fmt.Sprintf("%d is before 1900", b.Year()), "check the year")
		case !c.Date.IsZero() && !day(b).Before(when):
			ps.add(l+": date of birth (301 item 3)", "is not before the date of injury", "check the date of birth")
		}
	}
	if h := c.Employee.HireDate; !h.IsZero() {
		switch {
		case !c.Date.IsZero() && day(h).After(when):
			ps.add(l+": date hired (301 item 4)", "is after the date of injury", "check the date hired")
		case !c.Employee.BirthDate.IsZero() && !day(h).After(day(c.Employee.BirthDate)):
			ps.add(l+": date hired (301 item 4)", "is not after the date of birth", "check both dates")
		}
	}
	switch {
	case !c.DateOfDeath.IsZero() && !c.Outcomes.Death:
		ps.add(l+": date of death (301 item 18)", "is given but the outcomes don't say the employee died", "clear the date of death, or answer that the employee died")
	case !c.DateOfDeath.IsZero() && !c.Date.IsZero() && day(c.DateOfDeath).Before(when):
		ps.add(l+": date of death (301 item 18)", "is before the date of injury", "check both dates")
	}
}

// validateComplete checks that the 301 answers the ITA case file needs are
// there.
func (c Case) validateComplete(ps *problems) {
	l := c.label()
	need := func(field, v, fix string) {
		if strings.TrimSpace(v) == "" {
			ps.add(l+": "+field, "is empty", fix)
		}
	}
	need("what the employee was doing just before (301 item 14, nar_before_incident)", c.Before, "describe the activity, with the tools, equipment or material used")
	need("what happened (301 item 15, nar_what_happened)", c.WhatHappened, "tell how the injury occurred")
	need("the injury or illness (301 item 16, nar_injury_illness)", c.InjuryIllness, "name what was hurt and how, e.g. strained back")
	need("the object or substance (301 item 17, nar_object_substance)", c.ObjectSubstance, "name what directly harmed the employee; if nothing did, say so, e.g. no object: repetitive lifting")
	if c.EventTime == nil && !c.TimeUnknown {
		ps.add(l+": time of event (301 item 13, time_of_incident)", "is not given", "give the time, or mark it unknown")
	}
	if c.Outcomes.Death && c.DateOfDeath.IsZero() {
		ps.add(l+": date of death (301 item 18, date_of_death)", "is not given for a death", "enter the date the employee died")
	}
}

// Validate301 checks what the 301 of a case needs: what the log needs, and
// 301 answers that hold together. Blank 301 answers pass; the ITA case
// file asks for more (see [WriteCaseCSV]).
func (c Case) Validate301() error {
	var ps problems
	c.validateLog(&ps)
	c.validateIncident(&ps)
	return ps.err()
}

// showDate writes a date as the paper forms show it, MM/DD/YYYY, and a
// date not given as nothing.
func showDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("01/02/2006")
}

package recordkeeping

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// The fixture: a sound stage's 2025, eleven cases of which nine are
// recordable in 2025 (see TestSummary300AOfTheFixtureYear for the totals
// worked out by hand).

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func stage() Establishment {
	return Establishment{
		Name: "Stage 4 Unit", EIN: "12-3456789", CompanyName: "Blue Lantern Pictures LLC",
		Street: "5800 Sunset Blvd", City: "Los Angeles", State: "CA", ZIP: "90028",
		NAICS: "512110", Industry: "Motion picture and video production",
		Size: Size20To99, Type: Private, AnnualAverageEmployees: 60, TotalHoursWorked: 120000,
	}
}

func recorded(o Outcomes) Outcomes { o.WorkRelated, o.NewCase = true, true; return o }

// complete fills the 301 answers the ITA case file needs, where a case of
// the fixture leaves them out.
func complete(c Case) Case {
	for _, f := range []*string{&c.Before, &c.WhatHappened, &c.InjuryIllness, &c.ObjectSubstance} {
		if *f == "" {
			*f = "see the log"
		}
	}
	if c.EventTime == nil {
		c.TimeUnknown = true
	}
	return c
}

// benCole is the fixture's case filled in on every item.
func benCole() Case {
	return Case{
		Number: "2025-02", EmployeeName: "Ben Cole", JobTitle: "Electrician", Date: date(2025, time.February, 3),
		Where:       "Stage 4, lighting grid",
		Description: Description{Injury: "Fracture", BodyPart: "left wrist", Object: "A-frame ladder"},
		Outcomes:    recorded(Outcomes{DaysAway: 12, DaysRestricted: 5, MedicalTreatment: true}),
		Type:        Injury,
		Employee: Employee{Street: "12 Elm St", City: "Burbank", State: "CA", ZIP: "91502",
			BirthDate: date(1990, time.July, 4), HireDate: date(2021, time.March, 1), Sex: Male},
		Treatment: Treatment{HealthCareProfessional: "Dr. Rosa Park", FacilityName: "St. Joseph Hospital",
			FacilityStreet: "501 S Buena Vista St", FacilityCity: "Burbank", FacilityState: "CA", FacilityZIP: "91505",
			EmergencyRoom: true},
		BeganWork:       &ClockTime{6, 30},
		EventTime:       &ClockTime{14, 5},
		Before:          "Climbing an A-frame ladder to focus a lamp",
		WhatHappened:    "The ladder's foot slid on a cable cover and he fell about 6 feet",
		InjuryIllness:   "Fractured left wrist",
		ObjectSubstance: "Concrete stage floor",
		CompletedBy:     Preparer{Name: "Sam Ortiz", Title: "Production safety", Phone: "818-555-0100", Date: date(2025, time.February, 5)},
	}
}

func fixture() []Case {
	cases := []Case{
		{Number: "2025-10", EmployeeName: "Lou Moss", JobTitle: "Driver", Date: date(2025, time.October, 2), Where: "Base camp",
			Description: Description{Injury: "Carbon monoxide poisoning", Object: "idling generator"},
			Outcomes:    recorded(Outcomes{DaysAway: 200, DaysRestricted: 10}), Type: Poisoning},
		{Number: "2025-01", EmployeeName: "Ana Ruiz", JobTitle: "Grip", Date: date(2025, time.January, 14), Where: "Stage 4",
			Description: Description{Injury: "Laceration", BodyPart: "left hand", Object: "C-stand"},
			Outcomes:    recorded(Outcomes{MedicalTreatment: true}), Type: Injury},
		benCole(),
		{Number: "2025-03", EmployeeName: "Cara Diaz", JobTitle: "Set painter", Date: date(2025, time.March, 10), Where: "Paint shop",
			Description: Description{Injury: "Dermatitis", BodyPart: "both forearms", Object: "solvent"},
			Outcomes:    recorded(Outcomes{DaysRestricted: 4}), Type: SkinDisorder},
		{Number: "2025-04", EmployeeName: "Dan Evans", JobTitle: "Set medic", Date: date(2025, time.April, 1), Where: "First aid trailer",
			Description: Description{Injury: "Needlestick", BodyPart: "right index finger", Object: "used syringe", Discreet: "Puncture wound to finger"},
			Outcomes:    recorded(Outcomes{MedicalTreatment: true}), Type: Injury, Privacy: ContaminatedSharps},
		{Number: "2025-05", EmployeeName: "Eve Fox", JobTitle: "Stunt performer", Date: date(2025, time.May, 20), Where: "Backlot street",
			Description: Description{Injury: "Head injury", Object: "car door"},
			Outcomes:    recorded(Outcomes{Death: true, DaysAway: 3}), Type: Injury, DateOfDeath: date(2025, time.May, 24)},
		{Number: "2025-06", EmployeeName: "Gus Hill", JobTitle: "Generator operator", Date: date(2025, time.June, 9), Where: "Generator pad",
			Description: Description{Injury: "Hearing loss", BodyPart: "both ears", Object: "generator noise"},
			Outcomes:    recorded(Outcomes{SignificantDiagnosis: true}), Type: HearingLoss},
		{Number: "2025-07", EmployeeName: "Ivy Jones", JobTitle: "Special effects technician", Date: date(2025, time.July, 1), Where: "Stage 2",
			Description: Description{Injury: "Smoke inhalation", BodyPart: "lungs", Object: "smoke machine"},
			Outcomes:    recorded(Outcomes{LossOfConsciousness: true, DaysAway: 150, DaysRestricted: 60}), Type: RespiratoryCondition},
		{Number: "2025-08", EmployeeName: "Kai Lee", JobTitle: "Carpenter", Date: date(2025, time.August, 5), Where: "Mill",
			Description: Description{Injury: "Splinter", BodyPart: "thumb", Object: "plywood"},
			Outcomes:    recorded(Outcomes{}), Type: Injury}, // first aid only
		{Number: "2024-12", EmployeeName: "Oli Park", JobTitle: "Grip", Date: date(2024, time.December, 30), Where: "Stage 4",
			Description: Description{Injury: "Sprain", BodyPart: "ankle", Object: "apple box"},
			Outcomes:    recorded(Outcomes{DaysAway: 2}), Type: Injury},
		{Number: "2025-9", EmployeeName: "Mia Noor", JobTitle: "Production assistant", Date: date(2025, time.September, 8), Where: "Production office",
			Description: Description{Injury: "Acute stress disorder", Discreet: "Illness"},
			Outcomes:    recorded(Outcomes{DaysAway: 10, MedicalTreatment: true}), Type: OtherIllness, Privacy: MentalIllness},
	}
	for i := range cases {
		cases[i] = complete(cases[i])
	}
	return cases
}

// problemFields returns the Field of every Problem in err.
func problemFields(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if p, ok := e.(*Problem); ok {
			out = append(out, p.Field)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// wantProblem fails unless err holds a Problem whose field contains field.
func wantProblem(t *testing.T, err error, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want a problem with %q", field)
	}
	var p *Problem
	if !errors.As(err, &p) {
		t.Fatalf("error %v holds no Problem", err)
	}
	fields := problemFields(err)
	if !slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(f, field) }) {
		t.Fatalf("problems %q, want one with %q; error: %v", fields, field, err)
	}
}

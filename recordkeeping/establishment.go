package recordkeeping

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Establishment is the place whose log is kept: one log for each
// establishment (1904.30), with the details the 300A and the ITA summary
// file ask for.
type Establishment struct {
	Name        string // establishment name, as in the ITA account
	EIN         string // Employer Identification Number, 9 digits
	CompanyName string // the company that owns the establishment
	Street      string
	City        string
	State       string // 2-letter postal code
	ZIP         string // 5 or 9 digits
	NAICS       string // 6-digit industry code; 512110 for motion picture and video production
	Industry    string // industry description, e.g. "Motion picture and video production"
	Size        SizeClass
	Type        EstablishmentType
	// AnnualAverageEmployees and TotalHoursWorked are the year's figures
	// for the 300A (see the worksheet on the back of the form).
	AnnualAverageEmployees int
	TotalHoursWorked       int
}

// EstablishmentType says whether the establishment is private industry or
// part of a state or local government. The numbers are the ITA codes for
// establishment_type: 1 private (not a government entity), 2 state
// government, 3 local government, as OSHA's ITA data dictionary lists
// them (copied in the public establishment data dictionary and in
// recordkeeping.md).
type EstablishmentType int

// The establishment types.
const (
	Private         EstablishmentType = 1
	StateGovernment EstablishmentType = 2
	LocalGovernment EstablishmentType = 3
)

// String names the type in words.
func (t EstablishmentType) String() string {
	switch t {
	case Private:
		return "private industry"
	case StateGovernment:
		return "state government"
	case LocalGovernment:
		return "local government"
	}
	return fmt.Sprintf("establishment type %d", int(t))
}

// SizeClass is the ITA size of an establishment, by the most people it
// employed at any one time in the year. The codes are those of the ITA
// summary file since the 2024 rule split 20-249 in two: 1 fewer than 20,
// 21 for 20 to 99, 22 for 100 to 249, 3 for 250 or more. Sources: the
// ITA data validations as restated by Aclaimant's "OSHA ITA Data
// Requirements" ("must be 1, 21, 22, or 3"), and OSHA's published 300A
// data, whose size column carries 21 for 20-99 and 22 for 100-249. Data
// from 2016 to 2022 used 2 for 20-249; that code is refused here.
type SizeClass int

// The size classes.
const (
	SizeUnder20   SizeClass = 1
	Size20To99    SizeClass = 21
	Size100To249  SizeClass = 22
	Size250OrMore SizeClass = 3
)

// SizeFor returns the size class for the most people employed at any one
// time in the year.
func SizeFor(peak int) SizeClass {
	switch {
	case peak < 20:
		return SizeUnder20
	case peak < 100:
		return Size20To99
	case peak < 250:
		return Size100To249
	}
	return Size250OrMore
}

// String says the size in employees.
func (s SizeClass) String() string {
	switch s {
	case SizeUnder20:
		return "fewer than 20 employees"
	case Size20To99:
		return "20 to 99 employees"
	case Size100To249:
		return "100 to 249 employees"
	case Size250OrMore:
		return "250 or more employees"
	}
	return fmt.Sprintf("size %d", int(s))
}

// Lengths of the establishment's text fields in the ITA summary file, as
// Aclaimant's restatement of the ITA validations gives them (OSHA's own
// current dictionary could not be read to confirm them).
const (
	maxNameLen     = 100 // establishment_name, company_name
	maxAddressLen  = 100 // street_address, city
	maxIndustryLen = 300 // industry_description
)

// hoursInYear bounds the hours one employee can work in a year (366 days
// of 24 hours): more per employee means the hours or the average is wrong.
const hoursInYear = 366 * 24

// Validate checks the establishment against what the ITA summary file
// takes and returns every [Problem] it finds.
func (e Establishment) Validate() error {
	var ps problems
	text := func(field, v string, max int, required bool) {
		switch {
		case strings.TrimSpace(v) == "" && required:
			ps.add(field, "is empty", "fill it in")
		case utf8.RuneCountInString(v) > max:
			ps.add(field, fmt.Sprintf("is %d characters long, more than the %d the ITA takes", utf8.RuneCountInString(v), max), "shorten it")
		}
	}
	text("establishment name", e.Name, maxNameLen, true)
	text("company name", e.CompanyName, maxNameLen, true)
	text("street address", e.Street, maxAddressLen, true)
	text("city", e.City, maxAddressLen, true)
	text("industry description", e.Industry, maxIndustryLen, false)
	if _, err := ParseEIN(e.EIN); err != nil {
		ps.add("EIN", err.Error(), "enter the 9-digit Employer Identification Number")
	}
	if _, err := ParseZIP(e.ZIP); err != nil {
		ps.add("ZIP", err.Error(), "enter the establishment's 5- or 9-digit ZIP code")
	}
	if _, err := ParseNAICS(e.NAICS); err != nil {
		ps.add("NAICS code", err.Error(), "enter the 6-digit NAICS code")
	}
	if !IsState(e.State) {
		ps.add("state", fmt.Sprintf("%q is not a US state or territory postal code", e.State), "write the 2-letter code, e.g. CA")
	}
	switch e.Type {
	case Private, StateGovernment, LocalGovernment:
	default:
		ps.add("establishment type", fmt.Sprintf("%d is not one of the ITA's types", int(e.Type)), "choose private (1), state government (2) or local government (3)")
	}
	switch e.Size {
	case SizeUnder20, Size20To99, Size100To249, Size250OrMore:
	default:
		ps.add("size", fmt.Sprintf("%d is not one of the ITA's sizes", int(e.Size)), "choose fewer than 20 (1), 20-99 (21), 100-249 (22) or 250 or more (3), by the most people employed at one time in the year")
	}
	e.validateEmployment(&ps)
	return ps.err()
}

// validateEmployment checks the year's employment figures of the 300A.
func (e Establishment) validateEmployment(ps *problems) {
	if e.AnnualAverageEmployees <= 0 {
		ps.add("annual average number of employees", fmt.Sprintf("is %d", e.AnnualAverageEmployees), "enter the year's average, at least 1 (see the worksheet on the 300A)")
	}
	if e.TotalHoursWorked <= 0 {
		ps.add("total hours worked by all employees", fmt.Sprintf("is %d", e.TotalHoursWorked), "enter the year's total hours, more than 0")
	}
	if e.AnnualAverageEmployees > 0 && e.TotalHoursWorked > e.AnnualAverageEmployees*hoursInYear {
		ps.add("total hours worked by all employees", fmt.Sprintf("%d hours is more than %d employees can work in a year", e.TotalHoursWorked, e.AnnualAverageEmployees), "check the hours and the average number of employees")
	}
	// The size goes by the peak, and the average can't exceed the peak:
	// an average of 35 can't be an establishment of fewer than 20.
	if sizeAbove(e.Size, e.AnnualAverageEmployees) {
		ps.add("size", fmt.Sprintf("says %s but the annual average is %d", e.Size, e.AnnualAverageEmployees), "choose the size by the most people employed at one time in the year")
	}
}

// sizeAbove says whether an annual average is too many for the size
// class: the peak is at least the average, so the average can't exceed
// the class's upper bound.
func sizeAbove(s SizeClass, average int) bool {
	switch s {
	case SizeUnder20:
		return average > 19
	case Size20To99:
		return average > 99
	case Size100To249:
		return average > 249
	}
	return false
}

// states are the postal codes of the states, the District of Columbia
// and the territories where OSHA's recordkeeping rule applies.
var states = strings.Fields(`AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO
	MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP`)

// IsState reports whether s is the 2-letter postal code of a US state or
// territory where OSHA's recordkeeping rule applies.
func IsState(s string) bool {
	for _, st := range states {
		if s == st {
			return true
		}
	}
	return false
}

package recordkeeping

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// PrivacyReason is why a case is a privacy concern case. The list of
// 1904.29(b)(7) is complete (1904.29(b)(8)): no other kind of case may be
// treated as one.
type PrivacyReason int

// The reasons, in the order of 1904.29(b)(7)(i) to (vi).
const (
	NotPrivate PrivacyReason = iota
	// IntimateBodyPart: an injury or illness to an intimate body part or
	// the reproductive system.
	IntimateBodyPart
	// SexualAssault: an injury or illness resulting from a sexual assault.
	SexualAssault
	// MentalIllness: a mental illness.
	MentalIllness
	// HIVHepatitisTuberculosis: HIV infection, hepatitis or tuberculosis.
	HIVHepatitisTuberculosis
	// ContaminatedSharps: a needlestick or a cut from a sharp object
	// contaminated with another person's blood or other potentially
	// infectious material (1904.8).
	ContaminatedSharps
	// IllnessOnRequest: another illness, when the employee freely asks
	// that their name not be entered on the log.
	IllnessOnRequest
)

// PrivacyReasons are the reasons of 1904.29(b)(7), in its order.
var PrivacyReasons = []PrivacyReason{IntimateBodyPart, SexualAssault, MentalIllness, HIVHepatitisTuberculosis, ContaminatedSharps, IllnessOnRequest}

// PrivacyCase is what the 300 shows instead of the name of the employee
// in a privacy concern case (1904.29(b)(6)).
const PrivacyCase = "Privacy case"

// Section is the paragraph of 1904.29(b)(7) that names the reason.
func (r PrivacyReason) Section() string {
	if r < IntimateBodyPart || r > IllnessOnRequest {
		return ""
	}
	return fmt.Sprintf("1904.29(b)(7)(%s)", []string{"i", "ii", "iii", "iv", "v", "vi"}[r-1])
}

// String says the reason in the words of 1904.29(b)(7).
func (r PrivacyReason) String() string {
	switch r {
	case NotPrivate:
		return "not a privacy case"
	case IntimateBodyPart:
		return "injury or illness to an intimate body part or the reproductive system"
	case SexualAssault:
		return "injury or illness resulting from a sexual assault"
	case MentalIllness:
		return "mental illness"
	case HIVHepatitisTuberculosis:
		return "HIV infection, hepatitis or tuberculosis"
	case ContaminatedSharps:
		return "needlestick or cut from a sharp object contaminated with another person's blood or other potentially infectious material"
	case IllnessOnRequest:
		return "illness whose employee asked that their name not be entered on the log"
	}
	return fmt.Sprintf("privacy reason %d", int(r))
}

// IsPrivacyCase says whether the case is a privacy concern case.
func (c Case) IsPrivacyCase() bool { return c.Privacy != NotPrivate }

// validatePrivacy checks the privacy reason is one of the closed list and
// fits the case.
func (c Case) validatePrivacy(ps *problems) {
	switch {
	case c.Privacy == NotPrivate:
	case c.Privacy < NotPrivate || c.Privacy > IllnessOnRequest:
		ps.add(c.label()+": privacy case", fmt.Sprintf("%d is not one of the reasons of 1904.29(b)(7)", int(c.Privacy)), "choose one of the six reasons, or none; 1904.29(b)(8) allows no others")
	case c.Privacy == IllnessOnRequest && !c.Type.Illness():
		ps.add(c.label()+": privacy case", "an employee's request makes a privacy case only of an illness (1904.29(b)(7)(vi)), and this case is an injury", "enter the name, or choose the reason of 1904.29(b)(7) that applies")
	case c.Privacy == MentalIllness && c.Type == Injury:
		ps.add(c.label()+": privacy case", "a mental illness is an illness, and this case is typed as an injury", "type it as all other illnesses (M6)")
	}
}

// logName is what the 300 shows in column B.
func (c Case) logName() string {
	if c.IsPrivacyCase() {
		return PrivacyCase
	}
	return c.EmployeeName
}

// logDescription is what the 300 and the ITA file show in column F: for a
// privacy case, the discreet description when there is one.
func (c Case) logDescription() string {
	if c.IsPrivacyCase() && strings.TrimSpace(c.Description.Discreet) != "" {
		return c.Description.Discreet
	}
	return c.Description.String()
}

// Confidential is one line of the confidential list of privacy cases.
type Confidential struct {
	CaseNumber   string
	EmployeeName string
	Reason       PrivacyReason
}

// ConfidentialList is the separate, confidential list of the case numbers
// and employee names of the year's privacy concern cases that the
// employer must keep (1904.29(b)(6)), in case-number order. It is not
// posted and not sent to OSHA's Injury Tracking Application.
func ConfidentialList(year int, cases []Case) []Confidential {
	var out []Confidential
	for _, c := range cases {
		if c.IsPrivacyCase() && inYear(c.Date, year) {
			out = append(out, Confidential{CaseNumber: c.Number, EmployeeName: c.EmployeeName, Reason: c.Privacy})
		}
	}
	slices.SortStableFunc(out, func(a, b Confidential) int { return compareCaseNumbers(a.CaseNumber, b.CaseNumber) })
	return out
}

func inYear(t time.Time, year int) bool { return !t.IsZero() && t.Year() == year }

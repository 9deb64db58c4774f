package recordkeeping

import (
	"fmt"
	"time"
)

// Summary is the OSHA 300A annual summary of one establishment for one
// year: the totals of columns G to M of the year's 300 log, with the
// year's employment figures and the certification (1904.32).
type Summary struct {
	Establishment Establishment
	Year          int

	Deaths          int // (G)
	DaysAwayCases   int // (H)
	RestrictedCases int // (I) job transfer or restriction
	OtherCases      int // (J) other recordable cases
	DaysAway        int // (K) total days away from work
	DaysRestricted  int // (L) total days of job transfer or restriction

	// Types counts the cases of each type, M1 to M6, indexed by CaseType.
	Types map[CaseType]int

	AnnualAverageEmployees int
	TotalHoursWorked       int

	// Certification is filled in by the company executive who certifies
	// the summary (1904.32(b)(3)); the 300A leaves it blank until then.
	Certification Certification
}

// Certification is the signature block of the 300A: a company executive
// certifies that they examined the documents and that the summary is
// correct and complete to the best of their knowledge (1904.32(b)(3)).
type Certification struct {
	Executive, Title, Phone string
	Date                    time.Time
}

// Cases is the total number of recordable cases, G to J.
func (s Summary) Cases() int {
	return s.Deaths + s.DaysAwayCases + s.RestrictedCases + s.OtherCases
}

// Summary300A totals the year's 300 log (see [Log300]) for the 300A and
// carries the establishment's annual average number of employees and total
// hours worked. It refuses what Log300 refuses.
func Summary300A(est Establishment, year int, cases []Case) (Summary, error) {
	log, err := Log300(est, year, cases)
	if err != nil {
		return Summary{}, fmt.Errorf("the %d summary: %w", year, err)
	}
	return summarize(log), nil
}

// summarize totals the rows of a log.
func summarize(log Log) Summary {
	s := Summary{
		Establishment:          log.Establishment,
		Year:                   log.Year,
		Types:                  map[CaseType]int{},
		AnnualAverageEmployees: log.Establishment.AnnualAverageEmployees,
		TotalHoursWorked:       log.Establishment.TotalHoursWorked,
	}
	for _, t := range CaseTypes {
		s.Types[t] = 0
	}
	for _, r := range log.Rows {
		switch r.Classification {
		case ClassDeath:
			s.Deaths++
		case ClassDaysAway:
			s.DaysAwayCases++
		case ClassRestricted:
			s.RestrictedCases++
		case ClassOtherRecordable:
			s.OtherCases++
		}
		s.DaysAway += r.DaysAway
		s.DaysRestricted += r.DaysRestricted
		s.Types[r.Type]++
	}
	return s
}

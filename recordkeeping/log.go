package recordkeeping

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Log is the OSHA 300 log of one establishment for one calendar year.
type Log struct {
	Establishment Establishment
	Year          int
	Rows          []Row
}

// Row is one line of the 300 log.
type Row struct {
	CaseNumber string    // (A)
	Name       string    // (B) the employee's name, or "Privacy case"
	JobTitle   string    // (C)
	Date       time.Time // (D)
	Where      string    // (E)
	// Description is column F; for a privacy case, the discreet one when
	// the case has it.
	Description    string
	Classification Classification // the one of G to J checked
	DaysAway       int            // (K) capped, see CapDays
	DaysRestricted int            // (L) capped, see CapDays
	Type           CaseType       // the one of M1 to M6 checked
	PrivacyCase    bool
}

// Marked says whether the row's box in a checkbox column, "G" to "J" or
// "M1" to "M6", is checked.
func (r Row) Marked(column string) bool {
	return column == r.Classification.Column() || column == r.Type.Column()
}

// Log300 builds the 300 log for a calendar year: one row for each
// recordable case whose date of injury or onset falls in that year, in
// case-number order, with the classification (G to J), the capped day
// counts (K, L) and the type (M) of each case's latest facts. Cases that
// are not recordable are left off. It refuses, with every [Problem], cases
// that lack what the log needs and case numbers used twice in the year.
func Log300(est Establishment, year int, cases []Case) (Log, error) {
	var ps problems
	validateYear(&ps, year)
	if strings.TrimSpace(est.Name) == "" {
		ps.add("establishment name", "is empty", "enter the establishment's name for the top of the log")
	}
	log := Log{Establishment: est, Year: year}
	for _, c := range recordedCases(year, cases, &ps) {
		log.Rows = append(log.Rows, rowOf(c))
	}
	if err := ps.err(); err != nil {
		return Log{}, fmt.Errorf("the %d log of %s can't be made: %w", year, est.Name, err)
	}
	return log, nil
}

// recordedCases returns the recordable cases whose date falls in the
// year, in case-number order, adding a Problem for each case of the year
// that lacks what the log needs and for each case number used twice.
func recordedCases(year int, cases []Case, ps *problems) []Case {
	var out []Case
	seen := map[string]bool{}
	for _, c := range cases {
		if !inYear(c.Date, year) {
			continue
		}
		n := len(*ps)
		c.validateLog(ps)
		if len(*ps) > n {
			continue
		}
		if d, _ := Recordable(c.Outcomes); !d.Recordable { // validated above
			continue
		}
		key := strings.TrimSpace(c.Number)
		if seen[key] {
			ps.add(c.label()+": case number (A)", "is used by another case of the year", "give each case on the log its own number")
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Case) int {
		return compareCaseNumbers(strings.TrimSpace(a.Number), strings.TrimSpace(b.Number))
	})
	return out
}

// rowOf makes the row of a validated, recordable case.
func rowOf(c Case) Row {
	class, _ := Classify(c.Outcomes)
	away, restricted := CapDays(c.Outcomes.DaysAway, c.Outcomes.DaysRestricted)
	return Row{
		CaseNumber:     strings.TrimSpace(c.Number),
		Name:           c.logName(),
		JobTitle:       c.JobTitle,
		Date:           c.Date,
		Where:          c.Where,
		Description:    c.logDescription(),
		Classification: class,
		DaysAway:       away,
		DaysRestricted: restricted,
		Type:           c.Type,
		PrivacyCase:    c.IsPrivacyCase(),
	}
}

// validateYear refuses years that are not calendar years the forms can
// cover.
func validateYear(ps *problems, year int) {
	if year < 1900 || year > 9999 {
		ps.add("year", fmt.Sprintf("%d is not a four-digit calendar year", year), "give the calendar year the log covers, e.g. 2025")
	}
}

// compareCaseNumbers orders case numbers as people read them: runs of
// digits by their value, so "2025-9" comes before "2025-10".
func compareCaseNumbers(a, b string) int {
	for a != "" && b != "" {
		ra, resta := leadingRun(a)
		rb, restb := leadingRun(b)
		if c := compareRuns(ra, rb); c != 0 {
			return c
		}
		a, b = resta, restb
	}
	return len(a) - len(b)
}

// leadingRun splits off the leading run of digits, or of non-digits.
func leadingRun(s string) (string, string) {
	digit := isDigit(s[0])
	i := 1
	for i < len(s) && isDigit(s[i]) == digit {
		i++
	}
	return s[:i], s[i:]
}

func compareRuns(a, b string) int {
	if isDigit(a[0]) && isDigit(b[0]) {
		ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(ta) != len(tb) {
			return len(ta) - len(tb)
		}
		if c := strings.Compare(ta, tb); c != 0 {
			return c
		}
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

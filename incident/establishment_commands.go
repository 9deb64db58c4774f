package incident

import (
	"strconv"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/recordkeeping"
)

// SetEstablishment sets the establishment the production keeps its injury
// and illness records for: those who keep them may.
type SetEstablishment struct {
	Name, EIN, CompanyName, Street, City, State, ZIP, NAICS, Industry string
	// Type is private (1, the default when 0), state government (2) or
	// local government (3).
	Type int64
	By   string
}

// Authorize implements setsafe.Command.
func (c SetEstablishment) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermKeepRecords)
}

// Decide implements setsafe.Command.
func (c SetEstablishment) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	b := &EstablishmentSet{By: by, Type: c.Type,
		Name:        setsafe.CleanText(p, "name", c.Name, 100, true),
		CompanyName: setsafe.CleanText(p, "company_name", c.CompanyName, 100, true),
		Street:      setsafe.CleanText(p, "street", c.Street, 100, true),
		City:        setsafe.CleanText(p, "city", c.City, 100, true),
		Industry:    setsafe.CleanText(p, "industry", c.Industry, 300, false),
		State:       strings.ToUpper(strings.TrimSpace(c.State))}
	if b.Type == 0 {
		b.Type = int64(recordkeeping.Private)
	}
	if b.Type < 1 || b.Type > 3 {
		p.Add("establishment_type", "must be 1 (private), 2 (state government) or 3 (local government)")
	}
	if !recordkeeping.IsState(b.State) {
		p.Add("state", "must be the 2-letter postal code of a US state or territory, such as NM")
	}
	for _, f := range []struct {
		field string
		parse func(string) (string, error)
		in    string
		out   *string
	}{{"ein", recordkeeping.ParseEIN, c.EIN, &b.EIN}, {"zip", recordkeeping.ParseZIP, c.ZIP, &b.ZIP}, {"naics", recordkeeping.ParseNAICS, c.NAICS, &b.NAICS}} {
		v, err := f.parse(strings.TrimSpace(f.in))
		if err != nil {
			p.Add(f.field, "%s", err.Error())
		}
		*f.out = v
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if e := FindEstablishment(s); e != nil && e.Name == b.Name && e.EIN == b.EIN && e.CompanyName == b.CompanyName && e.Street == b.Street &&
		e.City == b.City && e.State == b.State && e.ZIP == b.ZIP && e.NAICS == b.NAICS && e.Industry == b.Industry && e.Type == b.Type {
		return setsafe.Outcome{}, nil // as it is already
	}
	return one(b), nil
}

// SetEstablishmentYear sets a calendar year's employment figures for the
// 300A and, once a company executive certified the summary, who and when:
// those who keep the records may.
type SetEstablishmentYear struct {
	Year                   int
	AnnualAverageEmployees int64
	TotalHoursWorked       int64
	PeakEmployees          int64
	Executive, Title       string
	Phone                  string
	CertifiedOn            string
	By                     string
}

// Authorize implements setsafe.Command.
func (c SetEstablishmentYear) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermKeepRecords)
}

// Decide implements setsafe.Command.
func (c SetEstablishmentYear) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := setsafe.Problems{}
	if c.Year < 2000 || c.Year > 2200 {
		p.Add("year", "must be a calendar year such as 2026")
	}
	if c.AnnualAverageEmployees < 1 {
		p.Add("annual_average_employees", "must be at least 1 (see the worksheet on the 300A)")
	}
	if c.TotalHoursWorked < 1 {
		p.Add("total_hours_worked", "must be more than 0")
	} else if c.AnnualAverageEmployees > 0 && c.TotalHoursWorked > c.AnnualAverageEmployees*366*24 {
		p.Add("total_hours_worked", "is more than %d employees can work in a year", c.AnnualAverageEmployees)
	}
	if c.PeakEmployees < c.AnnualAverageEmployees {
		p.Add("peak_employees", "must be at least the annual average: the most people employed at any one time in the year")
	}
	b := &EstablishmentYearSet{Year: int64(c.Year), AnnualAverageEmployees: c.AnnualAverageEmployees, TotalHoursWorked: c.TotalHoursWorked,
		PeakEmployees: c.PeakEmployees, By: by,
		Executive:   setsafe.CleanText(p, "executive", c.Executive, setsafe.MaxNameLength, c.CertifiedOn != ""),
		Title:       setsafe.CleanText(p, "title", c.Title, setsafe.MaxShortText, c.CertifiedOn != ""),
		Phone:       setsafe.CleanText(p, "phone", c.Phone, setsafe.MaxShortText, false),
		CertifiedOn: setsafe.CleanDay(p, "certified_on", c.CertifiedOn, false)}
	if b.CertifiedOn != "" && p["certified_on"] == "" && b.CertifiedOn < strconv.Itoa(c.Year+1) {
		p.Add("certified_on", "must be after the year it certifies ends")
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if y := FindYear(s, c.Year); y != nil && *y == (EstablishmentYear{Year: b.Year, AnnualAverageEmployees: b.AnnualAverageEmployees,
		TotalHoursWorked: b.TotalHoursWorked, PeakEmployees: b.PeakEmployees, Executive: b.Executive, Title: b.Title, Phone: b.Phone,
		CertifiedOn: b.CertifiedOn, LastSeq: y.LastSeq}) {
		return setsafe.Outcome{}, nil // as it is already
	}
	return one(b), nil
}

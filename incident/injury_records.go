package incident

import (
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/recordkeeping"
)

// Records are a year's injury and illness records of the production, as
// the OSHA forms read them.
type Records struct {
	Establishment recordkeeping.Establishment
	Year          int
	// Cases are every case of the year, recordable or not: the forms take
	// the recordable ones.
	Cases         []recordkeeping.Case
	Certification recordkeeping.Certification
}

// YearRecords returns a year's records. personal holds the sealed personal
// details of the cases by case ID, for a reader who may see them (the
// 301); nil leaves them out. ok is false when the production has not set
// up its establishment.
func YearRecords(s *setsafe.State, year int, personal map[string]Personal) (Records, bool) {
	est, ok := ForYear(s, year)
	if !ok {
		return Records{}, false
	}
	r := Records{Establishment: est, Year: year}
	for _, c := range CasesIn(s, year) {
		var p *Personal
		if v, ok := personal[c.ID]; ok {
			p = &v
		}
		r.Cases = append(r.Cases, c.Form(s, p))
	}
	if y := FindYear(s, year); y != nil && y.CertifiedOn != "" {
		on, _ := time.Parse(time.DateOnly, y.CertifiedOn)
		r.Certification = recordkeeping.Certification{Executive: y.Executive, Title: y.Title, Phone: y.Phone, Date: on}
	}
	return r, true
}

// Summary returns the year's 300A with its certification.
func (r Records) Summary() (recordkeeping.Summary, error) {
	sum, err := recordkeeping.Summary300A(r.Establishment, r.Year, r.Cases)
	if err != nil {
		return sum, err
	}
	sum.Certification = r.Certification
	return sum, nil
}

package incident

import (
	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[EstablishmentSet](1, "Establishment for injury records set")
	setsafe.Register[EstablishmentYearSet](1, "Year's employment figures for injury records set")
}

// EstablishmentSet records the establishment the production keeps its
// injury and illness records for, as a whole.
type EstablishmentSet struct {
	Name        string `json:"name"`
	EIN         string `json:"ein"`
	CompanyName string `json:"company_name"`
	Street      string `json:"street"`
	City        string `json:"city"`
	State       string `json:"state"`
	ZIP         string `json:"zip"`
	NAICS       string `json:"naics"`
	Industry    string `json:"industry"`
	Type        int64  `json:"establishment_type"`
	By          string `json:"by"`
}

// EventType implements setsafe.Body.
func (*EstablishmentSet) EventType() string { return "establishment.set" }

// Fold implements setsafe.EventBody.
func (b *EstablishmentSet) Fold(f *setsafe.Folding, e setsafe.Event) error {
	f.Put(&Establishment{ID: establishmentKey, Name: b.Name, EIN: b.EIN, CompanyName: b.CompanyName, Street: b.Street, City: b.City,
		State: b.State, ZIP: b.ZIP, NAICS: b.NAICS, Industry: b.Industry, Type: b.Type, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (b *EstablishmentSet) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// EstablishmentYearSet records a year's employment figures and, once an
// executive certified the year's summary, who and when.
type EstablishmentYearSet struct {
	Year                   int64  `json:"year"`
	AnnualAverageEmployees int64  `json:"annual_average_employees"`
	TotalHoursWorked       int64  `json:"total_hours_worked"`
	PeakEmployees          int64  `json:"peak_employees"`
	Executive              string `json:"executive,omitempty"`
	Title                  string `json:"title,omitempty"`
	Phone                  string `json:"phone,omitempty"`
	CertifiedOn            string `json:"certified_on,omitempty"`
	By                     string `json:"by"`
}

// EventType implements setsafe.Body.
func (*EstablishmentYearSet) EventType() string { return "establishment.year_set" }

// Fold implements setsafe.EventBody.
func (b *EstablishmentYearSet) Fold(f *setsafe.Folding, e setsafe.Event) error {
	f.Put(&EstablishmentYear{Year: b.Year, AnnualAverageEmployees: b.AnnualAverageEmployees, TotalHoursWorked: b.TotalHoursWorked,
		PeakEmployees: b.PeakEmployees, Executive: b.Executive, Title: b.Title, Phone: b.Phone, CertifiedOn: b.CertifiedOn, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (b *EstablishmentYearSet) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

package incident

import (
	"strconv"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/recordkeeping"
)

// The projection tables of the establishment whose injury and illness
// records the production keeps, and of its years.
const (
	tableEstablishment = "establishments"
	tableYears         = "establishment_years"
)

func init() {
	setsafe.RegisterTable[Establishment]()
	setsafe.RegisterTable[EstablishmentYear]()
}

// Establishment is the place the production's injury and illness records
// are kept for (29 CFR 1904.30): one per production, with what the 300A
// and the electronic submission ask.
type Establishment struct {
	Name        string `db:"name" json:"name"`
	EIN         string `db:"ein" json:"ein"`
	CompanyName string `db:"company_name" json:"company_name"`
	Street      string `db:"street" json:"street"`
	City        string `db:"city" json:"city"`
	State       string `db:"state" json:"state"`
	ZIP         string `db:"zip" json:"zip"`
	NAICS       string `db:"naics" json:"naics"`
	Industry    string `db:"industry" json:"industry"`
	// Type is private (1), state government (2) or local government (3).
	Type int64 `db:"establishment_type" json:"establishment_type"`
	// ID is always "establishment": a production keeps one.
	ID      string `db:"id,key" json:"-"`
	LastSeq int64  `db:"last_seq" json:"last_seq"`
}

// establishmentKey is the key of the production's one establishment.
const establishmentKey = "establishment"

// Table implements setsafe.Row.
func (*Establishment) Table() string { return tableEstablishment }

// Key implements setsafe.Row.
func (e *Establishment) Key() string { return e.ID }

// EstablishmentYear is one calendar year's employment figures and the
// certification of its 300A summary.
type EstablishmentYear struct {
	Year                   int64 `db:"year,key" json:"year"`
	AnnualAverageEmployees int64 `db:"annual_average_employees" json:"annual_average_employees"`
	TotalHoursWorked       int64 `db:"total_hours_worked" json:"total_hours_worked"`
	// PeakEmployees is the most people employed at any one time in the
	// year, which decides the size the electronic submission reports.
	PeakEmployees int64  `db:"peak_employees" json:"peak_employees"`
	Executive     string `db:"executive" json:"executive,omitempty"`
	Title         string `db:"title" json:"title,omitempty"`
	Phone         string `db:"phone" json:"phone,omitempty"`
	// CertifiedOn is the day the executive certified the summary,
	// YYYY-MM-DD; "" until then.
	CertifiedOn string `db:"certified_on" json:"certified_on,omitempty"`
	LastSeq     int64  `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*EstablishmentYear) Table() string { return tableYears }

// Key implements setsafe.Row.
func (y *EstablishmentYear) Key() string { return strconv.FormatInt(y.Year, 10) }

// FindEstablishment returns the production's establishment, or nil when
// it is not set up.
func FindEstablishment(s *setsafe.State) *Establishment {
	return setsafe.Lookup[*Establishment](s, tableEstablishment, establishmentKey)
}

// FindYear returns a year's figures, or nil.
func FindYear(s *setsafe.State, year int) *EstablishmentYear {
	return setsafe.Lookup[*EstablishmentYear](s, tableYears, strconv.Itoa(year))
}

// ForYear returns the establishment as the forms of a year read it, with
// that year's figures; ok is false when the establishment is not set up.
func ForYear(s *setsafe.State, year int) (recordkeeping.Establishment, bool) {
	e := FindEstablishment(s)
	if e == nil {
		return recordkeeping.Establishment{}, false
	}
	out := recordkeeping.Establishment{Name: e.Name, EIN: e.EIN, CompanyName: e.CompanyName, Street: e.Street, City: e.City, State: e.State,
		ZIP: e.ZIP, NAICS: e.NAICS, Industry: e.Industry, Type: recordkeeping.EstablishmentType(e.Type), Size: recordkeeping.SizeUnder20}
	if y := FindYear(s, year); y != nil {
		out.AnnualAverageEmployees, out.TotalHoursWorked = int(y.AnnualAverageEmployees), int(y.TotalHoursWorked)
		out.Size = recordkeeping.SizeFor(int(y.PeakEmployees))
	}
	return out, true
}

package incident

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/recordkeeping"
)

// The projection table of injury and illness cases.
const tableCases = "injury_cases"

// SubjectPersonal is what an injury case's sealed personal details are
// attached to: the employee's address, birth and hire dates, sex, and who
// treated them, kept beside the ledger, which holds only their hash, and
// read only by those who keep the records.
const SubjectPersonal = "injury_case"

// PersonalType is the media type of sealed personal details.
const PersonalType = "application/json"

func init() {
	setsafe.RegisterTable[InjuryCase]()
	setsafe.RegisterSubject(SubjectPersonal, func(s *setsafe.State, id string) bool { return FindCase(s, id) != nil })
}

// Case types, in the order of the 300's column M.
const (
	TypeInjury       = "injury"
	TypeSkin         = "skin_disorder"
	TypeRespiratory  = "respiratory_condition"
	TypePoisoning    = "poisoning"
	TypeHearingLoss  = "hearing_loss"
	TypeOtherIllness = "other_illness"
)

// CaseTypes lists the case types in the 300's order.
var CaseTypes = []string{TypeInjury, TypeSkin, TypeRespiratory, TypePoisoning, TypeHearingLoss, TypeOtherIllness}

// Privacy reasons (29 CFR 1904.29(b)(7)), in its order: the only cases
// whose employee's name the 300 leaves out.
var PrivacyReasons = []string{"intimate_body_part", "sexual_assault", "mental_illness", "hiv_hepatitis_tuberculosis", "contaminated_sharps", "illness_on_request"}

// InjuryCase is a work-related injury or illness of an employee, from an
// incident, with what the OSHA forms ask of it; its personal details are
// sealed beside the ledger (PersonalFile).
type InjuryCase struct {
	ID         string `db:"id,key" json:"id"`
	IncidentID string `db:"incident_id" json:"incident_id"`
	// Number is its case number on the year's log, as 2026-003.
	Number   string `db:"number" json:"number"`
	Employee string `db:"employee" json:"employee"`
	JobTitle string `db:"job_title" json:"job_title"`
	// Date is the day of the injury or the onset of the illness on the
	// set's clock, YYYY-MM-DD.
	Date     string `db:"day" json:"date"`
	Where    string `db:"place" json:"where"`
	Injury   string `db:"injury" json:"injury"`
	BodyPart string `db:"body_part" json:"body_part"`
	Object   string `db:"object" json:"object"`
	Discreet string `db:"discreet" json:"discreet,omitempty"`
	Type     string `db:"case_type" json:"case_type"`
	Privacy  string `db:"privacy" json:"privacy,omitempty"`
	// The questions of 1904.4 and 1904.7, as answered last.
	WorkRelated          bool   `db:"work_related" json:"work_related"`
	NewCase              bool   `db:"new_case" json:"new_case"`
	Death                bool   `db:"death" json:"death"`
	DateOfDeath          string `db:"date_of_death" json:"date_of_death,omitempty"`
	DaysAway             int64  `db:"days_away" json:"days_away"`
	DaysRestricted       int64  `db:"days_restricted" json:"days_restricted"`
	MedicalTreatment     bool   `db:"medical_treatment" json:"medical_treatment"`
	LossOfConsciousness  bool   `db:"loss_of_consciousness" json:"loss_of_consciousness"`
	SignificantDiagnosis bool   `db:"significant_diagnosis" json:"significant_diagnosis"`
	// The 301's questions besides the personal details.
	BeganWork      string    `db:"began_work" json:"began_work,omitempty"`
	EventTime      string    `db:"event_time" json:"event_time,omitempty"`
	TimeUnknown    bool      `db:"time_unknown" json:"time_unknown"`
	Before         string    `db:"before_incident" json:"before_incident"`
	WhatHappened   string    `db:"what_happened" json:"what_happened"`
	EmergencyRoom  bool      `db:"emergency_room" json:"emergency_room"`
	Hospitalized   bool      `db:"hospitalized" json:"hospitalized"`
	PersonalFile   string    `db:"personal_file" json:"-"`
	CompletedBy    string    `db:"completed_by" json:"completed_by"`
	CompletedTitle string    `db:"completed_title" json:"completed_title,omitempty"`
	CompletedPhone string    `db:"completed_phone" json:"completed_phone,omitempty"`
	RecordedAt     time.Time `db:"recorded_us" json:"recorded_at"`
	RecordSeq      int64     `db:"record_seq" json:"record_seq"`
	LastSeq        int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*InjuryCase) Table() string { return tableCases }

// Key implements setsafe.Row.
func (c *InjuryCase) Key() string { return c.ID }

// Outcomes returns the case's answers to the recording questions.
func (c *InjuryCase) Outcomes() recordkeeping.Outcomes {
	return recordkeeping.Outcomes{WorkRelated: c.WorkRelated, NewCase: c.NewCase, Death: c.Death, DaysAway: int(c.DaysAway),
		DaysRestricted: int(c.DaysRestricted), MedicalTreatment: c.MedicalTreatment, LossOfConsciousness: c.LossOfConsciousness,
		SignificantDiagnosis: c.SignificantDiagnosis}
}

// Recordable says whether the case goes on the 300 log, and why.
func (c *InjuryCase) Recordable() recordkeeping.Decision {
	d, err := recordkeeping.Recordable(c.Outcomes())
	if err != nil {
		return recordkeeping.Decision{Why: err.Error()}
	}
	return d
}

// Year is the calendar year whose log the case belongs on.
func (c *InjuryCase) Year() int {
	t, err := time.Parse(time.DateOnly, c.Date)
	if err != nil {
		return 0
	}
	return t.Year()
}

var casesByIncident = setsafe.AddIndex(tableCases, func(r setsafe.Row) (string, bool) { return r.(*InjuryCase).IncidentID, true })

// FindCase returns the injury case with the given ID, or nil.
func FindCase(s *setsafe.State, id string) *InjuryCase {
	return setsafe.Lookup[*InjuryCase](s, tableCases, id)
}

// CasesOf returns the injury cases of an incident, by number.
func CasesOf(s *setsafe.State, incident string) []*InjuryCase {
	out := setsafe.Grouped[*InjuryCase](s, casesByIncident, incident)
	slices.SortFunc(out, func(a, b *InjuryCase) int { return strings.Compare(a.Number, b.Number) })
	return out
}

// CasesIn returns the injury cases of a calendar year, by number.
func CasesIn(s *setsafe.State, year int) []*InjuryCase {
	var out []*InjuryCase
	setsafe.Each(s, tableCases, func(c *InjuryCase) {
		if c.Year() == year {
			out = append(out, c)
		}
	})
	slices.SortFunc(out, func(a, b *InjuryCase) int { return strings.Compare(a.Number, b.Number) })
	return out
}

// Personal are an injury case's sealed personal details: what the 301
// asks of the employee and of who treated them.
type Personal struct {
	Street    string `json:"street,omitempty"`
	City      string `json:"city,omitempty"`
	State     string `json:"state,omitempty"`
	ZIP       string `json:"zip,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
	HireDate  string `json:"hire_date,omitempty"`
	// Sex is M, F or "" (not given), as the 301 asks it.
	Sex                    string `json:"sex,omitempty"`
	HealthCareProfessional string `json:"health_care_professional,omitempty"`
	FacilityName           string `json:"facility_name,omitempty"`
	FacilityStreet         string `json:"facility_street,omitempty"`
	FacilityCity           string `json:"facility_city,omitempty"`
	FacilityState          string `json:"facility_state,omitempty"`
	FacilityZIP            string `json:"facility_zip,omitempty"`
	// Nonce keeps two employees with the same details from sealing to the
	// same hash, which would tell one from the other's.
	Nonce string `json:"nonce,omitempty"`
}

// Seal returns the personal details as the file kept beside the ledger.
func (p Personal) Seal() setsafe.File {
	data, _ := json.Marshal(p) // strings only: cannot fail
	return setsafe.NewFile(PersonalType, data)
}

// OpenPersonal reads sealed personal details.
func OpenPersonal(data []byte) (Personal, error) {
	var p Personal
	if err := json.Unmarshal(data, &p); err != nil {
		return Personal{}, fmt.Errorf("read sealed personal details: %w", err)
	}
	return p, nil
}

// Form returns the case as the OSHA forms read it, with the personal
// details when the reader may see them (nil leaves them blank) and the
// employee's name from the crew list.
func (c *InjuryCase) Form(s *setsafe.State, p *Personal) recordkeeping.Case {
	out := recordkeeping.Case{Number: c.Number, JobTitle: c.JobTitle, Where: c.Where, Outcomes: c.Outcomes(),
		Description: recordkeeping.Description{Injury: c.Injury, BodyPart: c.BodyPart, Object: c.Object, Discreet: c.Discreet},
		Type:        recordkeeping.CaseType(slices.Index(CaseTypes, c.Type) + 1), Privacy: recordkeeping.PrivacyReason(slices.Index(PrivacyReasons, c.Privacy) + 1),
		TimeUnknown: c.TimeUnknown, Before: c.Before, WhatHappened: c.WhatHappened, InjuryIllness: strings.TrimSpace(c.Injury + " " + c.BodyPart),
		ObjectSubstance: c.Object}
	if c.Privacy == "" {
		out.Privacy = recordkeeping.NotPrivate
	}
	if person := s.Person(c.Employee); person != nil {
		out.EmployeeName = person.Name
	}
	out.Date, _ = time.Parse(time.DateOnly, c.Date)
	out.DateOfDeath, _ = time.Parse(time.DateOnly, c.DateOfDeath)
	if t, err := recordkeeping.ParseClock(c.BeganWork); c.BeganWork != "" && err == nil {
		out.BeganWork = &t
	}
	if t, err := recordkeeping.ParseClock(c.EventTime); c.EventTime != "" && err == nil {
		out.EventTime = &t
	}
	out.Treatment = recordkeeping.Treatment{EmergencyRoom: c.EmergencyRoom, Hospitalized: c.Hospitalized}
	if by := s.Person(c.CompletedBy); by != nil {
		out.CompletedBy = recordkeeping.Preparer{Name: by.Name, Title: c.CompletedTitle, Phone: c.CompletedPhone, Date: c.RecordedAt.In(s.Production().Zone())}
	}
	if p != nil {
		out.Employee = recordkeeping.Employee{Street: p.Street, City: p.City, State: p.State, ZIP: p.ZIP, Sex: recordkeeping.Sex(p.Sex)}
		out.Employee.BirthDate, _ = time.Parse(time.DateOnly, p.BirthDate)
		out.Employee.HireDate, _ = time.Parse(time.DateOnly, p.HireDate)
		out.Treatment.HealthCareProfessional, out.Treatment.FacilityName = p.HealthCareProfessional, p.FacilityName
		out.Treatment.FacilityStreet, out.Treatment.FacilityCity, out.Treatment.FacilityState, out.Treatment.FacilityZIP = p.FacilityStreet, p.FacilityCity, p.FacilityState, p.FacilityZIP
	}
	return out
}

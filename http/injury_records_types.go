package http

import (
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/recordkeeping"
)

// EstablishmentRequest sets the establishment the production keeps its
// injury and illness records for.
type EstablishmentRequest struct {
	Name        string `json:"name"`
	EIN         string `json:"ein"`
	CompanyName string `json:"company_name"`
	Street      string `json:"street"`
	City        string `json:"city"`
	State       string `json:"state"`
	ZIP         string `json:"zip"`
	NAICS       string `json:"naics"`
	Industry    string `json:"industry,omitempty"`
	// Type is 1 private (the default), 2 state government, 3 local
	// government.
	Type int64 `json:"establishment_type,omitempty"`
}

// Command is the establishment set.
func (req EstablishmentRequest) Command() incident.SetEstablishment {
	return incident.SetEstablishment{Name: req.Name, EIN: req.EIN, CompanyName: req.CompanyName, Street: req.Street, City: req.City,
		State: req.State, ZIP: req.ZIP, NAICS: req.NAICS, Industry: req.Industry, Type: req.Type}
}

// EstablishmentYearRequest sets a year's employment figures and the
// certification of its summary.
type EstablishmentYearRequest struct {
	AnnualAverageEmployees int64  `json:"annual_average_employees"`
	TotalHoursWorked       int64  `json:"total_hours_worked"`
	PeakEmployees          int64  `json:"peak_employees"`
	Executive              string `json:"executive,omitempty"`
	Title                  string `json:"title,omitempty"`
	Phone                  string `json:"phone,omitempty"`
	CertifiedOn            string `json:"certified_on,omitempty"`
}

// Command is the year's figures set.
func (req EstablishmentYearRequest) Command(year int) incident.SetEstablishmentYear {
	return incident.SetEstablishmentYear{Year: year, AnnualAverageEmployees: req.AnnualAverageEmployees, TotalHoursWorked: req.TotalHoursWorked,
		PeakEmployees: req.PeakEmployees, Executive: req.Executive, Title: req.Title, Phone: req.Phone, CertifiedOn: req.CertifiedOn}
}

// EstablishmentView is the establishment and the years it has figures
// for.
type EstablishmentView struct {
	Establishment *incident.Establishment       `json:"establishment,omitempty"`
	Years         []*incident.EstablishmentYear `json:"years"`
}

// CaseRequest records or corrects an employee's injury or illness case;
// see incident.CaseDetails. Personal are the 301's personal details,
// sealed beside the ledger; on a correction, left out they stay as they
// were. A correction says why (reason).
type CaseRequest struct {
	Employee             string             `json:"employee"`
	JobTitle             string             `json:"job_title,omitempty"`
	Date                 string             `json:"date,omitempty"`
	Where                string             `json:"where,omitempty"`
	Injury               string             `json:"injury"`
	BodyPart             string             `json:"body_part,omitempty"`
	Object               string             `json:"object,omitempty"`
	Discreet             string             `json:"discreet,omitempty"`
	Type                 string             `json:"case_type"`
	Privacy              string             `json:"privacy,omitempty"`
	WorkRelated          bool               `json:"work_related"`
	NewCase              bool               `json:"new_case"`
	Death                bool               `json:"death,omitempty"`
	DateOfDeath          string             `json:"date_of_death,omitempty"`
	DaysAway             int64              `json:"days_away,omitempty"`
	DaysRestricted       int64              `json:"days_restricted,omitempty"`
	MedicalTreatment     bool               `json:"medical_treatment,omitempty"`
	LossOfConsciousness  bool               `json:"loss_of_consciousness,omitempty"`
	SignificantDiagnosis bool               `json:"significant_diagnosis,omitempty"`
	BeganWork            string             `json:"began_work,omitempty"`
	EventTime            string             `json:"event_time,omitempty"`
	TimeUnknown          bool               `json:"time_unknown,omitempty"`
	Before               string             `json:"before_incident,omitempty"`
	WhatHappened         string             `json:"what_happened,omitempty"`
	EmergencyRoom        bool               `json:"emergency_room,omitempty"`
	Hospitalized         bool               `json:"hospitalized,omitempty"`
	CompletedTitle       string             `json:"completed_title,omitempty"`
	CompletedPhone       string             `json:"completed_phone,omitempty"`
	Personal             *incident.Personal `json:"personal,omitempty"`
	Reason               string             `json:"reason,omitempty"`
}

func (req CaseRequest) details() incident.CaseDetails {
	return incident.CaseDetails{Employee: req.Employee, JobTitle: req.JobTitle, Date: req.Date, Where: req.Where, Injury: req.Injury,
		BodyPart: req.BodyPart, Object: req.Object, Discreet: req.Discreet, Type: req.Type, Privacy: req.Privacy, WorkRelated: req.WorkRelated,
		NewCase: req.NewCase, Death: req.Death, DateOfDeath: req.DateOfDeath, DaysAway: req.DaysAway, DaysRestricted: req.DaysRestricted,
		MedicalTreatment: req.MedicalTreatment, LossOfConsciousness: req.LossOfConsciousness, SignificantDiagnosis: req.SignificantDiagnosis,
		BeganWork: req.BeganWork, EventTime: req.EventTime, TimeUnknown: req.TimeUnknown, Before: req.Before, WhatHappened: req.WhatHappened,
		EmergencyRoom: req.EmergencyRoom, Hospitalized: req.Hospitalized, CompletedTitle: req.CompletedTitle, CompletedPhone: req.CompletedPhone}
}

// Command is the case recorded for an incident, with a new ID.
func (req CaseRequest) Command(incidentID, id string) incident.RecordCase {
	c := incident.RecordCase{ID: id, IncidentID: incidentID, CaseDetails: req.details()}
	if req.Personal != nil {
		c.Personal = *req.Personal
	}
	return c
}

// Correction is the case corrected.
func (req CaseRequest) Correction(id string) incident.CorrectCase {
	return incident.CorrectCase{ID: id, CaseDetails: req.details(), Personal: req.Personal, Reason: req.Reason}
}

// CaseView is an injury case with whether it is recordable and why, and
// its personal details.
type CaseView struct {
	*incident.InjuryCase
	Recordable bool               `json:"recordable"`
	Why        string             `json:"why"`
	Personal   *incident.Personal `json:"personal,omitempty"`
}

// LogView is a year's OSHA 300 log and its 300A totals.
type LogView struct {
	Year int          `json:"year"`
	Rows []LogRowView `json:"rows"`
	// Totals of columns G to L, and of M1 to M6 by type.
	Deaths                 int            `json:"deaths"`
	DaysAwayCases          int            `json:"days_away_cases"`
	RestrictedCases        int            `json:"restricted_cases"`
	OtherCases             int            `json:"other_cases"`
	DaysAway               int            `json:"days_away"`
	DaysRestricted         int            `json:"days_restricted"`
	Types                  map[string]int `json:"types"`
	AnnualAverageEmployees int            `json:"annual_average_employees"`
	TotalHoursWorked       int            `json:"total_hours_worked"`
}

// LogRowView is one line of the 300 log.
type LogRowView struct {
	CaseNumber  string `json:"case_number"`
	Name        string `json:"name"`
	JobTitle    string `json:"job_title"`
	Date        string `json:"date"`
	Where       string `json:"where"`
	Description string `json:"description"`
	// Classification is the column checked: G death, H days away, I job
	// transfer or restriction, J other recordable case.
	Classification string `json:"classification"`
	DaysAway       int    `json:"days_away"`
	DaysRestricted int    `json:"days_restricted"`
	Type           string `json:"case_type"`
	PrivacyCase    bool   `json:"privacy_case"`
}

// NewLogView is a year's log and its summary as answered.
func NewLogView(log recordkeeping.Log, sum recordkeeping.Summary) LogView {
	v := LogView{Year: log.Year, Rows: []LogRowView{}, Deaths: sum.Deaths, DaysAwayCases: sum.DaysAwayCases, RestrictedCases: sum.RestrictedCases,
		OtherCases: sum.OtherCases, DaysAway: sum.DaysAway, DaysRestricted: sum.DaysRestricted, Types: map[string]int{},
		AnnualAverageEmployees: sum.AnnualAverageEmployees, TotalHoursWorked: sum.TotalHoursWorked}
	for i, t := range recordkeeping.CaseTypes {
		v.Types[incident.CaseTypes[i]] = sum.Types[t]
	}
	for _, r := range log.Rows {
		column := ""
		for _, c := range []string{"G", "H", "I", "J"} {
			if r.Marked(c) {
				column = c
			}
		}
		v.Rows = append(v.Rows, LogRowView{CaseNumber: r.CaseNumber, Name: r.Name, JobTitle: r.JobTitle, Date: r.Date.Format("2006-01-02"),
			Where: r.Where, Description: r.Description, Classification: column, DaysAway: r.DaysAway, DaysRestricted: r.DaysRestricted,
			Type: caseType(r.Type), PrivacyCase: r.PrivacyCase})
	}
	return v
}

// caseType names a case type as the API does.
func caseType(t recordkeeping.CaseType) string {
	if i := int(t) - 1; i >= 0 && i < len(incident.CaseTypes) {
		return incident.CaseTypes[i]
	}
	return ""
}

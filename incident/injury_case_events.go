package incident

import (
	"fmt"

	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[CaseRecorded](1, "Injury or illness case recorded")
	setsafe.Register[CaseCorrected](1, "Injury or illness case corrected")
	// An injury or illness case is a worker's medical record (OSHA keeps
	// form 301 confidential); the year's summary, which is posted, is not.
	setsafe.Private("injury_case.recorded", "injury and illness cases (who was hurt, how, and who filled in the form, with their phone)")
	setsafe.Private("injury_case.corrected", "injury and illness cases (who was hurt, how, and who filled in the form, with their phone)")
}

// CaseFacts are what an entry records of an injury or illness case: all
// of it but the personal details, which are sealed beside the ledger and
// named by their hash (PersonalFile).
type CaseFacts struct {
	Employee             string `json:"employee"`
	JobTitle             string `json:"job_title"`
	Date                 string `json:"date"`
	Where                string `json:"where"`
	Injury               string `json:"injury"`
	BodyPart             string `json:"body_part"`
	Object               string `json:"object"`
	Discreet             string `json:"discreet"`
	Type                 string `json:"case_type"`
	Privacy              string `json:"privacy"`
	WorkRelated          bool   `json:"work_related"`
	NewCase              bool   `json:"new_case"`
	Death                bool   `json:"death"`
	DateOfDeath          string `json:"date_of_death"`
	DaysAway             int64  `json:"days_away"`
	DaysRestricted       int64  `json:"days_restricted"`
	MedicalTreatment     bool   `json:"medical_treatment"`
	LossOfConsciousness  bool   `json:"loss_of_consciousness"`
	SignificantDiagnosis bool   `json:"significant_diagnosis"`
	BeganWork            string `json:"began_work"`
	EventTime            string `json:"event_time"`
	TimeUnknown          bool   `json:"time_unknown"`
	Before               string `json:"before_incident"`
	WhatHappened         string `json:"what_happened"`
	EmergencyRoom        bool   `json:"emergency_room"`
	Hospitalized         bool   `json:"hospitalized"`
	CompletedTitle       string `json:"completed_title"`
	CompletedPhone       string `json:"completed_phone"`
	PersonalFile         string `json:"personal_file"`
}

// apply writes the facts into a case row.
func (f CaseFacts) apply(c *InjuryCase) {
	c.Employee, c.JobTitle, c.Date, c.Where = f.Employee, f.JobTitle, f.Date, f.Where
	c.Injury, c.BodyPart, c.Object, c.Discreet, c.Type, c.Privacy = f.Injury, f.BodyPart, f.Object, f.Discreet, f.Type, f.Privacy
	c.WorkRelated, c.NewCase, c.Death, c.DateOfDeath = f.WorkRelated, f.NewCase, f.Death, f.DateOfDeath
	c.DaysAway, c.DaysRestricted, c.MedicalTreatment = f.DaysAway, f.DaysRestricted, f.MedicalTreatment
	c.LossOfConsciousness, c.SignificantDiagnosis = f.LossOfConsciousness, f.SignificantDiagnosis
	c.BeganWork, c.EventTime, c.TimeUnknown, c.Before, c.WhatHappened = f.BeganWork, f.EventTime, f.TimeUnknown, f.Before, f.WhatHappened
	c.EmergencyRoom, c.Hospitalized, c.CompletedTitle, c.CompletedPhone, c.PersonalFile = f.EmergencyRoom, f.Hospitalized, f.CompletedTitle, f.CompletedPhone, f.PersonalFile
}

// facts reads a case row's facts back.
func (c *InjuryCase) facts() CaseFacts {
	return CaseFacts{Employee: c.Employee, JobTitle: c.JobTitle, Date: c.Date, Where: c.Where, Injury: c.Injury, BodyPart: c.BodyPart,
		Object: c.Object, Discreet: c.Discreet, Type: c.Type, Privacy: c.Privacy, WorkRelated: c.WorkRelated, NewCase: c.NewCase,
		Death: c.Death, DateOfDeath: c.DateOfDeath, DaysAway: c.DaysAway, DaysRestricted: c.DaysRestricted, MedicalTreatment: c.MedicalTreatment,
		LossOfConsciousness: c.LossOfConsciousness, SignificantDiagnosis: c.SignificantDiagnosis, BeganWork: c.BeganWork, EventTime: c.EventTime,
		TimeUnknown: c.TimeUnknown, Before: c.Before, WhatHappened: c.WhatHappened, EmergencyRoom: c.EmergencyRoom, Hospitalized: c.Hospitalized,
		CompletedTitle: c.CompletedTitle, CompletedPhone: c.CompletedPhone, PersonalFile: c.PersonalFile}
}

// CaseRecorded records an employee's injury or illness from an incident,
// with its case number on the year's log.
type CaseRecorded struct {
	ID         string `json:"id"`
	IncidentID string `json:"incident_id"`
	Number     string `json:"number"`
	CaseFacts
	By string `json:"by"`
}

// EventType implements setsafe.Body.
func (*CaseRecorded) EventType() string { return "injury_case.recorded" }

// Fold implements setsafe.EventBody.
func (b *CaseRecorded) Fold(f *setsafe.Folding, e setsafe.Event) error {
	s := f.State()
	if Find(s, b.IncidentID) == nil || s.Person(b.Employee) == nil || FindCase(s, b.ID) != nil {
		return fmt.Errorf("injury case %s of incident %s cannot be recorded", b.ID, b.IncidentID)
	}
	c := &InjuryCase{ID: b.ID, IncidentID: b.IncidentID, Number: b.Number, CompletedBy: b.By, RecordedAt: e.Time, RecordSeq: e.Seq, LastSeq: e.Seq}
	b.apply(c)
	f.Put(c)
	return nil
}

// References implements setsafe.EventBody.
func (b *CaseRecorded) References() setsafe.References {
	return setsafe.References{People: people(b.By, []string{b.Employee})}
}

// CaseCorrected records a case as it now reads, when its outcome changed
// (more days away, a death) or it was recorded wrong; the entry corrects
// the one that last set it.
type CaseCorrected struct {
	ID string `json:"id"`
	CaseFacts
	Reason string `json:"reason"`
	By     string `json:"by"`
}

// EventType implements setsafe.Body.
func (*CaseCorrected) EventType() string { return "injury_case.corrected" }

// Fold implements setsafe.EventBody.
func (b *CaseCorrected) Fold(f *setsafe.Folding, e setsafe.Event) error {
	c := FindCase(f.State(), b.ID)
	if c == nil || f.State().Person(b.Employee) == nil {
		return fmt.Errorf("injury case %s cannot be corrected", b.ID)
	}
	n := *c
	b.apply(&n)
	n.RecordSeq, n.LastSeq = e.Seq, e.Seq
	f.Put(&n)
	return nil
}

// References implements setsafe.EventBody.
func (b *CaseCorrected) References() setsafe.References {
	return setsafe.References{People: people(b.By, []string{b.Employee})}
}

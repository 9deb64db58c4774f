package pages

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/recordkeeping"
)

// An injury or illness case of an incident (29 CFR 1904): the form that
// records one from the incident's page, and the case's page, which says
// whether it goes on the 300 log and why, and offers its correction.
// Both forms are read into the API's CaseRequest and built by its
// Command and Correction, as the API builds them. The personal details
// the 301 asks are sealed beside the ledger; only those who keep the
// records (incident.PermKeepRecords) see them, or the 301's answers, or
// the name in a privacy case.

// criterionLine is a recording criterion a case meets, in words.
type criterionLine struct{ Title, Section string }

// question is a yes-or-no question of the case form, with its answer.
type question struct {
	Field, Text string
	Yes         bool
}

// caseScreen is the form that records a case, or a case's page with its
// correction.
type caseScreen struct {
	Production string
	// Incident is the incident the case is of.
	Incident incidentLine
	// Case is the case on its page; nil on the form that records one.
	Case *incident.InjuryCase
	// Action is where the case form posts; "" when the caller may not
	// send it.
	Action string
	// Keeper says the caller keeps the injury records.
	Keeper bool
	// The case in words, as the caller may read it: in a privacy case,
	// to those who do not keep the records, the name withheld and the
	// discreet description (1904.29(b)(6), (b)(9)).
	Employee, TypeTitle, PrivacyTitle, Description, Outcome string
	Withheld, Recordable                                    bool
	// Why says why a case is not recordable; Criteria, the recording
	// criteria a recordable one meets.
	Why      string
	Criteria []criterionLine
	// Personal are the sealed personal details, for those who keep the
	// records.
	Personal *incident.Personal
	SexTitle string
	// Records is the page of the case's year of injury records.
	Records string
	// The form's choices, and its values: the case's, the incident's for
	// a new one, or what was typed when it came back with a problem.
	People                []*setsafe.Person
	Types, Privacy, Sexes []choice
	FirstAid              []string
	Values                url.Values
	// Today is the latest day the form's dates may say.
	Today       string
	Done, Error string
	Fields      map[string]string
}

// Ask is the yes-or-no question of a field of the form, as answered.
func (d *caseScreen) Ask(field string) question {
	return question{Field: field, Text: caseQuestions[field], Yes: d.Values.Get(field) == "true"}
}

// Bad says whether the problem that came back names a field of the form.
func (d *caseScreen) Bad(field string) bool { return d.Fields[field] != "" }

// casePath is a case's page, with the flag of what was done.
func casePath(r *http.Request, id, done string) string {
	p := "/productions/" + r.PathValue("production") + "/injury-cases/" + id
	if done != "" {
		p += "?done=" + done
	}
	return p
}

// recordsPath is the page of a year's injury records.
func recordsPath(production string, year int) string {
	return "/productions/" + production + "/injury-records/" + strconv.Itoa(year)
}

// newCaseValues are what the form that records a case shows at first:
// the incident's day and place, and its first person involved; the case
// work-related and new, as a case from a set's incident is presumed to be
// (1904.5(a)) until the keeper of the records says otherwise; and the
// keeper's own job title for the 301's "completed by".
func newCaseValues(a setsafe.Access, st *setsafe.State, x *incident.Incident) url.Values {
	v := url.Values{"date": {st.Day(x.OccurredAt)}, "where": {strings.TrimSpace(st.LocationName(x.LocationID) + " " + x.Where)},
		"case_type": {incident.TypeInjury}, "work_related": {"true"}, "new_case": {"true"}}
	if people := x.PeopleIDs(); len(people) > 0 {
		v.Set("employee", people[0])
	}
	if me := st.Person(a.PersonID); me != nil {
		v.Set("completed_title", me.JobTitle)
	}
	return v
}

// caseValues are a case as its correction form shows it, with its
// personal details when the caller may see them.
func caseValues(c *incident.InjuryCase, p *incident.Personal) url.Values {
	yes := func(b bool) []string { return []string{strconv.FormatBool(b)} }
	v := url.Values{"employee": {c.Employee}, "job_title": {c.JobTitle}, "date": {c.Date}, "where": {c.Where}, "injury": {c.Injury},
		"body_part": {c.BodyPart}, "object": {c.Object}, "discreet": {c.Discreet}, "case_type": {c.Type}, "privacy": {c.Privacy},
		"work_related": yes(c.WorkRelated), "new_case": yes(c.NewCase), "death": yes(c.Death), "date_of_death": {c.DateOfDeath},
		"days_away": {strconv.FormatInt(c.DaysAway, 10)}, "days_restricted": {strconv.FormatInt(c.DaysRestricted, 10)},
		"medical_treatment": yes(c.MedicalTreatment), "loss_of_consciousness": yes(c.LossOfConsciousness),
		"significant_diagnosis": yes(c.SignificantDiagnosis), "began_work": {c.BeganWork}, "event_time": {c.EventTime},
		"time_unknown": yes(c.TimeUnknown), "before_incident": {c.Before}, "what_happened": {c.WhatHappened},
		"emergency_room": yes(c.EmergencyRoom), "hospitalized": yes(c.Hospitalized), "completed_title": {c.CompletedTitle},
		"completed_phone": {c.CompletedPhone}}
	if p != nil {
		for field, value := range map[string]string{"street": p.Street, "city": p.City, "state": p.State, "zip": p.ZIP,
			"birth_date": p.BirthDate, "hire_date": p.HireDate, "sex": p.Sex, "health_care_professional": p.HealthCareProfessional,
			"facility_name": p.FacilityName, "facility_street": p.FacilityStreet, "facility_city": p.FacilityCity,
			"facility_state": p.FacilityState, "facility_zip": p.FacilityZIP} {
			v.Set("personal."+field, value)
		}
	}
	return v
}

// caseForm fills in what every case form shows.
func caseForm(st *setsafe.State, d *caseScreen, r *http.Request, now string, problem error) {
	d.Production, d.People, d.Types, d.Privacy, d.Sexes, d.FirstAid, d.Today = st.Ledger, activePeople(st), caseTypeChoices, privacyChoices, sexChoices, firstAid, now
	d.Done = caseDoneTexts[r.URL.Query().Get("done")]
	if problem != nil {
		d.Error, d.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
}

func (s *handlers) newCasePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderNewCase(w, r, http.StatusOK, nil, nil)
}

// renderNewCase draws the form that records a case of the incident in
// the URL, for those who keep the injury records.
func (s *handlers) renderNewCase(w http.ResponseWriter, r *http.Request, status int, problem error, typed url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, x, err := s.readableIncident(r)
	if err != nil {
		return err
	}
	if err := a.Require(incident.PermKeepRecords); err != nil {
		return err
	}
	now := s.Config.Clock.Now()
	data := caseScreen{Incident: incidentLineOf(st, x, now), Action: incidentPath(r, x.ID, "") + "/injury-cases", Keeper: true, Values: typed}
	caseForm(st, &data, r, st.Day(now), problem)
	if typed == nil {
		data.Values = newCaseValues(a, st, x)
	}
	s.pages.render(w, r, status, "injury_case", page{Title: "Record an injury or illness case", Account: acc, Data: &data})
	return nil
}

// recordCaseSubmit records the case of the form, and leads to its page.
func (s *handlers) recordCaseSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.CaseRequest) incident.RecordCase {
				return req.Command(r.PathValue("incident"), setsafe.NewID())
			})
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return casePath(r, c.(incident.RecordCase).ID, "recorded")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderNewCase(w, r, formStatus(problem), problem, typed)
		},
	})
}

// readableCase reads the case in the URL for a caller who reads the
// incident register or keeps the injury records; to anyone else it does
// not exist.
func (s *handlers) readableCase(r *http.Request) (setsafe.Access, *setsafe.State, *incident.InjuryCase, error) {
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return a, nil, nil, err
	}
	c := incident.FindCase(st, r.PathValue("case"))
	if c == nil || !a.Can(incident.PermView) && !a.Can(incident.PermKeepRecords) {
		return a, nil, nil, setsafe.Errorf(setsafe.ENotFound, "There is no injury or illness case %q in this production that you may read.", r.PathValue("case"))
	}
	return a, st, c, nil
}

// sealedPersonal reads a case's sealed personal details; nil when it has
// none.
func (s *handlers) sealedPersonal(r *http.Request, st *setsafe.State, c *incident.InjuryCase) (*incident.Personal, error) {
	if c.PersonalFile == "" {
		return nil, nil
	}
	_, data, err := s.Config.Armory.File(r.Context(), st.Ledger, c.PersonalFile)
	if err != nil {
		return nil, err
	}
	p, err := incident.OpenPersonal(data)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

func (s *handlers) casePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCase(w, r, http.StatusOK, nil, nil)
}

// renderCase draws a case's page: the case as the caller may read it,
// whether it is recordable and why, and for those who keep the records
// its personal details and the correction form.
func (s *handlers) renderCase(w http.ResponseWriter, r *http.Request, status int, problem error, typed url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, c, err := s.readableCase(r)
	if err != nil {
		return err
	}
	now := s.Config.Clock.Now()
	data := caseScreen{Case: c, Keeper: a.Can(incident.PermKeepRecords), Records: recordsPath(st.Ledger, c.Year()), Values: typed,
		TypeTitle: choiceTitle(caseTypeChoices, c.Type), PrivacyTitle: choiceTitle(privacyChoices, c.Privacy)}
	if x := incident.Find(st, c.IncidentID); x != nil {
		data.Incident = incidentLineOf(st, x, now)
	}
	caseForm(st, &data, r, st.Day(now), problem)
	if p := st.Person(c.Employee); p != nil && !slices.ContainsFunc(data.People, func(q *setsafe.Person) bool { return q.ID == p.ID }) {
		data.People = append(data.People, p) // left the production since: the form keeps them
	}
	form := c.Form(st, nil)
	data.Employee, data.Description = form.EmployeeName, form.Description.String()
	if form.IsPrivacyCase() && !data.Keeper {
		data.Employee, data.Withheld = "", true
		if strings.TrimSpace(c.Discreet) != "" {
			data.Description = c.Discreet
		}
	}
	decision := c.Recordable()
	data.Recordable = decision.Recordable
	if decision.Recordable {
		for _, k := range decision.Criteria {
			data.Criteria = append(data.Criteria, criterionLine{Title: k.String(), Section: k.Section()})
		}
		if class, err := recordkeeping.Classify(c.Outcomes()); err == nil {
			data.Outcome = outcomeTitles[class.Column()]
		}
	} else {
		data.Why = decision.Why
	}
	if data.Keeper {
		if data.Personal, err = s.sealedPersonal(r, st, c); err != nil {
			return err
		}
		if data.Personal != nil {
			data.SexTitle = choiceTitle(sexChoices, data.Personal.Sex)
		}
		data.Action = casePath(r, c.ID, "") + "/correction"
		if typed == nil {
			data.Values = caseValues(c, data.Personal)
		}
	}
	s.pages.render(w, r, status, "injury_case", page{Title: "Injury or illness case", Account: acc, Data: &data})
	return nil
}

// samePersonal says whether personal details typed on the correction
// form say what the sealed ones do: then they are not sealed again.
func samePersonal(typed incident.Personal, kept *incident.Personal) bool {
	var k incident.Personal
	if kept != nil {
		k = *kept
	}
	typed.Nonce, k.Nonce = "", ""
	return typed == k
}

// correctCaseSubmit records a case as the correction form now says it,
// with the reason. Personal details left as they were are not sent, so
// that they stay sealed as they are.
func (s *handlers) correctCaseSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			a, st, c, err := s.readableCase(r)
			if err != nil {
				return nil, err
			}
			var kept *incident.Personal
			if a.Can(incident.PermKeepRecords) {
				if kept, err = s.sealedPersonal(r, st, c); err != nil {
					return nil, err
				}
			}
			return formCommand(form, func(req sshttp.CaseRequest) incident.CorrectCase {
				if req.Personal != nil && samePersonal(*req.Personal, kept) {
					req.Personal = nil
				}
				return req.Correction(c.ID)
			})
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return casePath(r, c.(incident.CorrectCase).ID, "corrected")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderCase(w, r, formStatus(problem), problem, typed)
		},
	})
}

// caseLink is an injury case as the incident's page and the year's
// records list it.
type caseLink struct {
	Number, Href, Employee string
	// Withheld says the employee's name is withheld: a privacy case,
	// to one who does not keep the records.
	Withheld, Recordable bool
}

// incidentCases are an incident's injury and illness cases, as its page
// shows them.
type incidentCases struct {
	Cases []caseLink
	// Record is the form that records a case, for those who keep the
	// injury records; "" for others.
	Record string
}

// caseLinkOf says a case in a list; the name of a privacy case only to
// those who keep the records.
func caseLinkOf(st *setsafe.State, c *incident.InjuryCase, keeper bool) caseLink {
	l := caseLink{Number: c.Number, Href: "/productions/" + st.Ledger + "/injury-cases/" + c.ID, Employee: personName(st, c.Employee),
		Recordable: c.Recordable().Recordable}
	if c.Privacy != "" && !keeper {
		l.Employee, l.Withheld = "", true
	}
	return l
}

// incidentCasesOf are the cases of an incident for its page: nil to those
// who neither keep the injury records nor read the register, and to the
// latter when it has none.
func incidentCasesOf(a setsafe.Access, st *setsafe.State, x *incident.Incident) *incidentCases {
	keeper := a.Can(incident.PermKeepRecords)
	if !keeper && !a.Can(incident.PermView) {
		return nil
	}
	out := &incidentCases{}
	for _, c := range incident.CasesOf(st, x.ID) {
		out.Cases = append(out.Cases, caseLinkOf(st, c, keeper))
	}
	if keeper {
		out.Record = "/productions/" + st.Ledger + "/incidents/" + x.ID + "/injury-case"
	} else if len(out.Cases) == 0 {
		return nil
	}
	return out
}

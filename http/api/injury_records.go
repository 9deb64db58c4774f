package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/recordkeeping"
)

// tagInjuryRecords are the routes of the injury and illness records: the
// OSHA 300 log, 300A summary, 301 reports and the electronic submission.
const tagInjuryRecords = "Injury and illness records"

func (s *handlers) injuryRecordRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const year = prod + "/injury-records/{year}"
	const oneCase = prod + "/injury-cases/{case}"
	pdf := []string{"application/pdf"}
	csvFile := []string{"text/csv"}
	return []route{
		{method: "GET", path: prod + "/establishment", tag: tagInjuryRecords, summary: "The establishment the production keeps its injury and illness records for, and its years (those who read incidents).", signedIn: true,
			response: sshttp.EstablishmentView{}, handle: s.getEstablishment},
		{method: "PUT", path: prod + "/establishment", tag: tagInjuryRecords, summary: "Set the establishment: name, EIN, address, NAICS code (512110 for motion picture production) and type (those who keep the injury records).", signedIn: true,
			body: sshttp.EstablishmentRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.setEstablishment),
			example: sshttp.EstablishmentRequest{Name: "Red Mesa production office", EIN: "85-1234567", CompanyName: "Dry Gulch Pictures LLC", Street: "1 Cerrillos Rd",
				City: "Santa Fe", State: "NM", ZIP: "87505", NAICS: "512110", Industry: "Motion picture and video production"}},
		{method: "PUT", path: prod + "/establishment/years/{year}", tag: tagInjuryRecords, summary: "Set a year's annual average employees, total hours worked and peak employment, and once certified, the executive who certified the 300A (those who keep the injury records).", signedIn: true,
			body: sshttp.EstablishmentYearRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.setEstablishmentYear)},
		{method: "POST", path: prod + "/incidents/{incident}/injury-cases", tag: tagInjuryRecords, summary: "Record an employee's work-related injury or illness from an incident, with the recording questions of 29 CFR 1904.7; the personal details of the 301 are sealed beside the ledger (those who keep the injury records).", signedIn: true,
			body: sshttp.CaseRequest{}, response: sshttp.RecordedResult{}, status: http.StatusCreated, handle: decoded(s.recordCase),
			created: createdAs(prod+"/injury-cases/{id}", func(b *incident.CaseRecorded) string { return b.ID })},
		{method: "GET", path: oneCase, tag: tagInjuryRecords, summary: "One injury or illness case, whether it is recordable and why, with its personal details (those who keep the injury records).", signedIn: true,
			response: sshttp.CaseView{}, handle: s.getCase},
		{method: "POST", path: oneCase + "/correction", tag: tagInjuryRecords, summary: "Correct a case as it now reads (more days away, a death), with the reason; personal details left out stay as they were.", signedIn: true,
			body: sshttp.CaseRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.correctCase)},
		{method: "GET", path: year + "/log", tag: tagInjuryRecords, summary: "The year's OSHA 300 log and its 300A totals; privacy cases show no name (those who read incidents).", signedIn: true,
			response: sshttp.LogView{}, handle: s.getLog, answers: []int{http.StatusConflict}},
		{method: "GET", path: year + "/300.pdf", tag: tagInjuryRecords, summary: "The year's OSHA Form 300 log as a PDF (those who read incidents).", signedIn: true,
			produces: pdf, handle: s.form300, answers: []int{http.StatusConflict}},
		{method: "GET", path: year + "/300a.pdf", tag: tagInjuryRecords, summary: "The year's OSHA Form 300A summary as a PDF, to certify and post from February 1 to April 30 (those who read incidents).", signedIn: true,
			produces: pdf, handle: s.form300A, answers: []int{http.StatusConflict}},
		{method: "GET", path: year + "/301.pdf", tag: tagInjuryRecords, summary: "The year's OSHA Form 301 reports, one a case, with the employees' personal details (those who keep the injury records).", signedIn: true,
			produces: pdf, handle: s.form301, answers: []int{http.StatusNotFound, http.StatusConflict}},
		{method: "GET", path: year + "/ita-summary.csv", tag: tagInjuryRecords, summary: "The year's 300A as the CSV file OSHA's Injury Tracking Application takes (those who keep the injury records).", signedIn: true,
			produces: csvFile, handle: s.itaSummary, answers: []int{http.StatusConflict}},
		{method: "GET", path: year + "/ita-cases.csv", tag: tagInjuryRecords, summary: "The year's 300 and 301 case data as the CSV file OSHA's Injury Tracking Application takes; it holds no names or addresses (those who keep the injury records).", signedIn: true,
			produces: csvFile, handle: s.itaCases, answers: []int{http.StatusConflict}},
	}
}

func (s *handlers) getEstablishment(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	v := sshttp.EstablishmentView{Establishment: incident.FindEstablishment(st), Years: setsafe.All[*incident.EstablishmentYear](st, "establishment_years")}
	sshttp.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (s *handlers) setEstablishment(w http.ResponseWriter, r *http.Request, req sshttp.EstablishmentRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command())
}

// year reads the year in the URL.
func year(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2200 {
		return 0, &setsafe.Error{Code: setsafe.EInvalid, Message: "year: must be a calendar year such as 2026.", Fields: map[string]string{"year": "must be a calendar year such as 2026"}}
	}
	return y, nil
}

func (s *handlers) setEstablishmentYear(w http.ResponseWriter, r *http.Request, req sshttp.EstablishmentYearRequest) error {
	y, err := year(r)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Command(y))
}

func (s *handlers) recordCase(w http.ResponseWriter, r *http.Request, req sshttp.CaseRequest) error {
	c := req.Command(r.PathValue("incident"), setsafe.NewID())
	return s.RecordedAnswer(w, r, http.StatusCreated, c.ID, c)
}

func (s *handlers) correctCase(w http.ResponseWriter, r *http.Request, req sshttp.CaseRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", req.Correction(r.PathValue("case")))
}

// personal reads a case's sealed personal details.
func (s *handlers) personal(r *http.Request, st *setsafe.State, c *incident.InjuryCase) (*incident.Personal, error) {
	if c.PersonalFile == "" {
		return nil, nil
	}
	_, data, err := s.Config.Armory.File(r.Context(), st.Ledger, c.PersonalFile)
	if err != nil {
		return nil, err
	}
	p, err := incident.OpenPersonal(data)
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", c.ID, err)
	}
	return &p, nil
}

func (s *handlers) getCase(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, incident.PermKeepRecords)
	if err != nil {
		return err
	}
	c := incident.FindCase(st, r.PathValue("case"))
	if c == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no injury case %q in this production.", r.PathValue("case"))
	}
	p, err := s.personal(r, st, c)
	if err != nil {
		return err
	}
	d := c.Recordable()
	sshttp.WriteJSON(w, http.StatusOK, sshttp.CaseView{InjuryCase: c, Recordable: d.Recordable, Why: d.Why, Personal: p})
	return nil
}

// records reads a year's records for someone with perm; with personal,
// the cases' sealed personal details too.
func (s *handlers) records(r *http.Request, perm setsafe.Permission, personal bool) (incident.Records, error) {
	y, err := year(r)
	if err != nil {
		return incident.Records{}, err
	}
	_, st, err := s.Readable(r, perm)
	if err != nil {
		return incident.Records{}, err
	}
	var sealed map[string]incident.Personal
	if personal {
		sealed = map[string]incident.Personal{}
		for _, c := range incident.CasesIn(st, y) {
			p, err := s.personal(r, st, c)
			if err != nil {
				return incident.Records{}, err
			}
			if p != nil {
				sealed[c.ID] = *p
			}
		}
	}
	rec, ok := incident.YearRecords(st, y, sealed)
	if !ok {
		return rec, setsafe.Errorf(setsafe.EConflict, "The production has no establishment for its injury records yet: set it with PUT /api/v1/productions/%s/establishment.", st.Ledger)
	}
	return rec, nil
}

// formError is a form the records cannot make yet: the problems say what
// to fill in.
func formError(err error) error {
	return &setsafe.Error{Code: setsafe.EConflict, Message: "The records are not complete enough for this form: " + err.Error(), Err: err}
}

func (s *handlers) getLog(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.records(r, incident.PermView, false)
	if err != nil {
		return err
	}
	log, err := recordkeeping.Log300(rec.Establishment, rec.Year, rec.Cases)
	if err != nil {
		return formError(err)
	}
	sum, err := rec.Summary()
	if err != nil {
		return formError(err)
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewLogView(log, sum))
	return nil
}

// writeDocument answers a document made by write, or the error it made.
func writeDocument(w http.ResponseWriter, contentType, name string, write func(*bytes.Buffer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return formError(err)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err := w.Write(b.Bytes())
	return err
}

func (s *handlers) form300(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.records(r, incident.PermView, false)
	if err != nil {
		return err
	}
	return writeDocument(w, "application/pdf", fmt.Sprintf("osha-300-%d.pdf", rec.Year), func(b *bytes.Buffer) error {
		return recordkeeping.Write300PDF(b, rec.Establishment, rec.Year, rec.Cases)
	})
}

func (s *handlers) form300A(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.records(r, incident.PermView, false)
	if err != nil {
		return err
	}
	sum, err := rec.Summary()
	if err != nil {
		return formError(err)
	}
	return writeDocument(w, "application/pdf", fmt.Sprintf("osha-300a-%d.pdf", rec.Year), func(b *bytes.Buffer) error {
		return recordkeeping.Write300APDF(b, sum)
	})
}

func (s *handlers) form301(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.records(r, incident.PermKeepRecords, true)
	if err != nil {
		return err
	}
	var recordable []recordkeeping.Case
	for _, c := range rec.Cases {
		if d, err := recordkeeping.Recordable(c.Outcomes); err == nil && d.Recordable {
			recordable = append(recordable, c)
		}
	}
	if len(recordable) == 0 {
		return setsafe.Errorf(setsafe.ENotFound, "There is no recordable case in %d: no 301 to make.", rec.Year)
	}
	return writeDocument(w, "application/pdf", fmt.Sprintf("osha-301-%d.pdf", rec.Year), func(b *bytes.Buffer) error {
		return recordkeeping.Write301PDF(b, rec.Establishment, recordable...)
	})
}

func (s *handlers) itaSummary(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.records(r, incident.PermKeepRecords, false)
	if err != nil {
		return err
	}
	sum, err := rec.Summary()
	if err != nil {
		return formError(err)
	}
	return writeDocument(w, "text/csv; charset=utf-8", fmt.Sprintf("ita-summary-%d.csv", rec.Year), func(b *bytes.Buffer) error {
		return recordkeeping.WriteSummaryCSV(b, sum)
	})
}

func (s *handlers) itaCases(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.records(r, incident.PermKeepRecords, true)
	if err != nil {
		return err
	}
	return writeDocument(w, "text/csv; charset=utf-8", fmt.Sprintf("ita-cases-%d.csv", rec.Year), func(b *bytes.Buffer) error {
		return recordkeeping.WriteCaseCSV(b, rec.Establishment, rec.Year, rec.Cases)
	})
}

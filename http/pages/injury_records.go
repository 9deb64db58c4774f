package pages

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/recordkeeping"
)

// The production's injury and illness records (29 CFR 1904), a year at a
// time: the 300 log and its 300A totals for those who read the incident
// register, with the forms as PDF; for those who keep the records, the
// 301 reports, the files of OSHA's Injury Tracking Application, every
// case of the year, the confidential list of privacy cases, and the
// forms that set the establishment and the year's figures. The forms and
// files are the API's; the page links to them.

func (s *handlers) registerInjuryRecordPages() {
	const prod = "/productions/{production}"
	const year = prod + "/injury-records/{year}"
	s.Handle("GET "+prod+"/injury-records", s.page(s.injuryRecordsPage))
	s.Handle("GET "+year, s.page(s.injuryRecordsPage))
	s.Handle("GET "+year+"/establishment", s.page(s.establishmentPage))
	s.Handle("POST "+year+"/establishment", s.page(s.establishmentSubmit()))
	s.Handle("POST "+year+"/figures", s.page(s.yearFiguresSubmit()))
	s.Handle("GET "+prod+"/incidents/{incident}/injury-case", s.page(s.newCasePage))
	s.Handle("POST "+prod+"/incidents/{incident}/injury-cases", s.page(s.recordCaseSubmit()))
	s.Handle("GET "+prod+"/injury-cases/{case}", s.page(s.casePage))
	s.Handle("POST "+prod+"/injury-cases/{case}/correction", s.page(s.correctCaseSubmit()))
}

// yearLink is a year of the year selector.
type yearLink struct {
	Year    int
	Href    string
	Current bool
}

// logLine is a row of the 300 log, in words.
type logLine struct {
	sshttp.LogRowView
	Outcome, TypeTitle string
}

// typeCount is a total of column M.
type typeCount struct {
	Title string
	Count int
}

// recordsScreen is a year's injury records.
type recordsScreen struct {
	Production string
	Year       int
	Years      []yearLink
	// Files is where the API serves the year's forms and files;
	// Establishment the page of the forms that set the establishment and
	// the year's figures.
	Files, EstablishmentForm string
	Keeper                   bool
	Establishment            *incident.Establishment
	EstablishmentType        string
	Figures                  *incident.EstablishmentYear
	// Log is the year's 300 log and its totals; nil without an
	// establishment, or when Problem says why it cannot be made.
	Log     *sshttp.LogView
	Rows    []logLine
	Types   []typeCount
	Problem string
	// Cases are every case of the year, recordable or not, and
	// Confidential the privacy cases' names: for those who keep the
	// records.
	Cases        []caseLink
	Confidential []recordkeeping.Confidential
	Done         string
}

// recordsYear is the year in the URL, or this year on the set's clock.
func recordsYear(r *http.Request, this int) (int, error) {
	if r.PathValue("year") == "" {
		return this, nil
	}
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2200 || strconv.Itoa(y) != r.PathValue("year") {
		return 0, setsafe.Errorf(setsafe.ENotFound, noSuchYear)
	}
	return y, nil
}

// keptRecords reads the production and the year in the URL for a caller
// who holds perm.
func (s *handlers) keptRecords(r *http.Request, perm setsafe.Permission) (setsafe.Access, *setsafe.State, int, int, error) {
	a, st, err := s.Readable(r, perm)
	if err != nil {
		return a, nil, 0, 0, err
	}
	this, _ := strconv.Atoi(st.Day(s.Config.Clock.Now())[:4])
	year, err := recordsYear(r, this)
	return a, st, this, year, err
}

func (s *handlers) injuryRecordsPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, this, year, err := s.keptRecords(r, incident.PermView)
	if err != nil {
		return err
	}
	data := recordsScreen{Production: st.Ledger, Year: year, Keeper: a.Can(incident.PermKeepRecords),
		Files: "/api/v1/productions/" + st.Ledger + "/injury-records/" + strconv.Itoa(year), EstablishmentForm: recordsPath(st.Ledger, year) + "/establishment",
		Establishment: incident.FindEstablishment(st), Figures: incident.FindYear(st, year), Done: recordsDoneTexts[r.URL.Query().Get("done")]}
	for _, y := range keptYears(st, this, year) {
		data.Years = append(data.Years, yearLink{Year: y, Href: recordsPath(st.Ledger, y), Current: y == year})
	}
	if data.Establishment != nil {
		data.EstablishmentType = choiceTitle(establishmentTypeChoices, strconv.FormatInt(data.Establishment.Type, 10))
	}
	if rec, ok := incident.YearRecords(st, year, nil); ok {
		if err := data.readLog(rec); err != nil {
			data.Problem = err.Error()
		}
	}
	if data.Keeper {
		var forms []recordkeeping.Case
		for _, c := range incident.CasesIn(st, year) {
			data.Cases = append(data.Cases, caseLinkOf(st, c, true))
			forms = append(forms, c.Form(st, nil))
		}
		data.Confidential = recordkeeping.ConfidentialList(year, forms)
	}
	s.pages.render(w, r, http.StatusOK, "injury_records", page{Title: "Injury and illness records", Account: acc, Data: &data})
	return nil
}

// readLog makes the year's 300 log and its totals, in words.
func (d *recordsScreen) readLog(rec incident.Records) error {
	log, err := recordkeeping.Log300(rec.Establishment, rec.Year, rec.Cases)
	if err != nil {
		return err
	}
	sum, err := rec.Summary()
	if err != nil {
		return err
	}
	v := sshttp.NewLogView(log, sum)
	d.Log = &v
	for _, row := range v.Rows {
		d.Rows = append(d.Rows, logLine{LogRowView: row, Outcome: outcomeTitles[row.Classification], TypeTitle: choiceTitle(caseTypeChoices, row.Type)})
	}
	for _, t := range caseTypeChoices {
		d.Types = append(d.Types, typeCount{Title: t.Title, Count: v.Types[t.Key]})
	}
	return nil
}

// keptYears are the years a production's injury records span: this year
// and the last, every year with a case or figures, and the year shown;
// newest first.
func keptYears(st *setsafe.State, this, year int) []int {
	years := []int{this, this - 1, year}
	setsafe.Each(st, "injury_cases", func(c *incident.InjuryCase) { years = append(years, c.Year()) })
	setsafe.Each(st, "establishment_years", func(y *incident.EstablishmentYear) { years = append(years, int(y.Year)) })
	slices.Sort(years)
	years = slices.Compact(years)
	slices.Reverse(years)
	return slices.DeleteFunc(years, func(y int) bool { return y < 2000 || y > 2200 })
}

// establishmentScreen is the forms that set the establishment and a
// year's figures.
type establishmentScreen struct {
	Production string
	Year       int
	// Records is the year's records page; Link this page's path, where
	// its forms post.
	Records, Link string
	Set           bool
	Types         []choice
	// Values and YearValues are the forms' values: as set, the defaults,
	// or what was typed in the one that came back with a problem.
	Values, YearValues url.Values
	Failed, Error      string
	Fields             map[string]string
}

// Bad says whether the problem that came back with form names field.
func (d *establishmentScreen) Bad(form, field string) bool {
	return d.Failed == form && d.Fields[field] != ""
}

// establishmentValues are the establishment as its form shows it; before
// it is set, a motion picture production's industry (NAICS 512110) in
// private industry.
func establishmentValues(e *incident.Establishment) url.Values {
	if e == nil {
		return url.Values{"naics": {"512110"}, "industry": {motionPictures}, "establishment_type": {"1"}}
	}
	return url.Values{"name": {e.Name}, "ein": {e.EIN}, "company_name": {e.CompanyName}, "street": {e.Street}, "city": {e.City},
		"state": {e.State}, "zip": {e.ZIP}, "naics": {e.NAICS}, "industry": {e.Industry}, "establishment_type": {strconv.FormatInt(e.Type, 10)}}
}

// yearValues are a year's figures as their form shows them.
func yearValues(y *incident.EstablishmentYear) url.Values {
	if y == nil {
		return url.Values{}
	}
	n := func(v int64) []string { return []string{strconv.FormatInt(v, 10)} }
	return url.Values{"annual_average_employees": n(y.AnnualAverageEmployees), "total_hours_worked": n(y.TotalHoursWorked),
		"peak_employees": n(y.PeakEmployees), "executive": {y.Executive}, "title": {y.Title}, "phone": {y.Phone}, "certified_on": {y.CertifiedOn}}
}

func (s *handlers) establishmentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderEstablishment(w, r, http.StatusOK, "", nil, nil)
}

// renderEstablishment draws the forms of the establishment and the year's
// figures, for those who keep the injury records.
func (s *handlers) renderEstablishment(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, typed url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	_, st, _, year, err := s.keptRecords(r, incident.PermKeepRecords)
	if err != nil {
		return err
	}
	e := incident.FindEstablishment(st)
	data := establishmentScreen{Production: st.Ledger, Year: year, Records: recordsPath(st.Ledger, year), Set: e != nil,
		Types: establishmentTypeChoices, Values: establishmentValues(e), YearValues: yearValues(incident.FindYear(st, year)), Failed: failed}
	data.Link = data.Records + "/establishment"
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	switch failed {
	case "establishment":
		data.Values = typed
	case "figures":
		data.YearValues = typed
	}
	s.pages.render(w, r, status, "establishment", page{Title: "Establishment and the year's figures", Account: acc, Data: &data})
	return nil
}

// recordsForm is a form of the establishment's page: read into the API's
// request type R and built by build for the year in the URL, as the API
// does; done is the flag of the records page once recorded.
func recordsForm[R any](s *handlers, failed, done string, build func(req R, year int) setsafe.Command) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			year, err := recordsYear(r, 0)
			if err != nil {
				return nil, err
			}
			return formCommand(form, func(req R) setsafe.Command { return build(req, year) })
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/injury-records/" + r.PathValue("year") + "?done=" + done
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderEstablishment(w, r, formStatus(problem), failed, problem, typed)
		},
	})
}

// establishmentSubmit sets the establishment.
func (s *handlers) establishmentSubmit() func(http.ResponseWriter, *http.Request) error {
	return recordsForm(s, "establishment", "establishment", func(req sshttp.EstablishmentRequest, _ int) setsafe.Command { return req.Command() })
}

// yearFiguresSubmit sets the year's figures and certification.
func (s *handlers) yearFiguresSubmit() func(http.ResponseWriter, *http.Request) error {
	return recordsForm(s, "figures", "figures", func(req sshttp.EstablishmentYearRequest, year int) setsafe.Command { return req.Command(year) })
}

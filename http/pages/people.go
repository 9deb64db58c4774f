package pages

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/crewlist"
	sshttp "github.com/setsafe/setsafe/http"
)

// The crew and cast list: who is on the production, in which department
// and roles, whose training or permit has expired or soon will; a person's
// page with their records and the forms to change them; and the import of
// a crew list exported from a spreadsheet, previewed before anyone is
// added. Every change goes through the same commands as the JSON API.

func (s *handlers) registerPeoplePages() {
	const prod = "/productions/{production}"
	s.Handle("GET "+prod+"/people", s.page(s.peoplePage))
	s.Handle("POST "+prod+"/people", s.page(s.addPersonSubmit()))
	s.Handle("POST "+prod+"/people/import", s.page(s.importPreview))
	s.Handle("POST "+prod+"/people/import/confirm", s.page(s.importConfirm))
	s.Handle("GET "+prod+"/people/{person}", s.page(s.personPage))
	for _, a := range personActions {
		s.Handle("POST "+prod+"/people/{person}/"+a.name, s.page(s.personSubmit(a)))
	}
}

// personAction is one form of the person page: the path it posts to (and
// the flag its page shows when done) and how it becomes its command, built
// by the same request type and method as the API's.
type personAction struct {
	name    string
	command func(s *handlers, r *http.Request, personID string, f url.Values) (setsafe.Command, error)
}

// personActions are the person page's forms.
var personActions = []personAction{
	{name: "role", command: func(s *handlers, r *http.Request, personID string, f url.Values) (setsafe.Command, error) {
		if f.Get("role") == "" {
			return nil, sshttp.FieldError("role", "is required", "Choose the role to grant.")
		}
		return formCommand(f, func(req sshttp.RoleRequest) setsafe.GrantRole { return req.Command(personID) })
	}},
	{name: "training", command: func(s *handlers, r *http.Request, personID string, f url.Values) (setsafe.Command, error) {
		return formCommand(f, func(req sshttp.TrainingRequest) setsafe.RecordTraining { return req.Command(personID) })
	}},
	{name: "permit", command: func(s *handlers, r *http.Request, personID string, f url.Values) (setsafe.Command, error) {
		return formCommand(f, func(req sshttp.PermitRequest) setsafe.RecordPermit { return req.Command(personID) })
	}},
	{name: "pin", command: func(s *handlers, r *http.Request, personID string, f url.Values) (setsafe.Command, error) {
		req := sshttp.PINRequest{PIN: f.Get("pin")}
		if err := setsafe.CheckPIN(req.PIN); err != nil {
			return nil, err
		}
		// Typed twice on the page, where nobody sees what was typed.
		if req.PIN != f.Get("pin_again") {
			return nil, sshttp.FieldError("pin_again", "must be the same PIN", "The two PINs differ; type the same PIN twice.")
		}
		return s.SetPIN(r, personID, req)
	}},
	{name: "title-duties", command: func(s *handlers, r *http.Request, personID string, f url.Values) (setsafe.Command, error) {
		return formCommand(f, func(req sshttp.TitleDutiesRequest) setsafe.SetAsideTitleDuties { return req.Command(personID) })
	}},
}

// expiringWithin is how long before a training or permit expires the
// pages warn about it.
const expiringWithin = 30 * 24 * time.Hour

// maxUpload bounds an upload of a crew list: the file and the form around
// it. The confirmation carries the file again, in base64.
const maxUpload = sshttp.MaxCrewListUpload

// peopleDone say what a successful action did, by the flag it redirects
// with.
var peopleDone = map[string]string{
	"added":    "Done: added to the crew list.",
	"imported": "Done: the crew list is imported.",
	"role":     "Done: role granted.",
	"training": "Done: training recorded.",
	"permit":   "Done: permit recorded.",
	"pin":      "Done: PIN set.",
	// The ruling that a title does not mean a duty here (FA-4).
	"title-duties": "Done: recorded that the job title does not mean that duty here.",
}

// What an upload that cannot be read says, beyond the crew list's own
// messages.
const (
	uploadTooLarge   = "The file is larger than 1 MB; split the crew list into smaller files and upload each."
	uploadUnreadable = "The upload could not be read; choose the CSV file again and upload it."
	uploadNoFile     = "Choose the CSV file of the crew list to upload."
	uploadDamaged    = "The crew list to import was damaged on the way; upload the file again."
	uploadBadPlace   = "Choose one of the roles offered for each title we could not place, then import again."
)

// personFields are a person's details as the forms label them, by the
// names the API gives them.
var personFields = map[string]string{"name": "Name", "department": "Department", "job_title": "Job title", "email": "E-mail", "phone": "Phone"}

// peopleTexts are the English texts this file passes to the templates, for
// the catalogue check.
func peopleTexts() []string {
	out := []string{uploadTooLarge, uploadUnreadable, uploadNoFile, uploadDamaged, uploadBadPlace}
	for _, t := range peopleDone {
		out = append(out, t)
	}
	for _, t := range personFields {
		out = append(out, t)
	}
	out = append(out, string(crewlist.Workbook))
	return append(out, crewlist.Formats()...)
}

// said is a crew list's message in the request's language.
func (s *handlers) said(r *http.Request, m crewlist.Message) string {
	return fmt.Sprintf(s.pages.catalogues[languageOf(r)].text(m.Format), m.Args...)
}

// uploadError is an upload that cannot be read, saying text.
func uploadError(text string) error {
	return &crewlist.FileError{Message: crewlist.Message{Format: text}}
}

// rowText is what to say about a row of a crew list.
type rowText struct {
	Row  int
	Text string
}

// record is a training or permit as the pages show it, with its expiry
// status: "expired", "soon" (within expiringWithin) or "" (valid, or no
// expiry).
type record struct {
	What, Detail string
	Expires      string
	Status       string
	// Training or Permit is the record itself.
	Training *setsafe.Training
	Permit   *setsafe.Permit
}

// expiry says whether something that expires at the end of the day
// expires (zero: never) has expired at now, or soon will.
func expiry(now, expires time.Time) string {
	if expires.IsZero() {
		return ""
	}
	end := expires.AddDate(0, 0, 1) // the expiry day still counts
	switch {
	case !now.Before(end):
		return "expired"
	case end.Sub(now) <= expiringWithin:
		return "soon"
	}
	return ""
}

// recordsOf returns a person's trainings and permits with their status at
// now. A training without its own expiry counts for the production's
// training validity (PR-2). Numbers of permits show only to showNumbers.
func recordsOf(st *setsafe.State, personID string, now time.Time, validity time.Duration, showNumbers bool) (trainings, permits []record) {
	for _, t := range st.TrainingsOf(personID) {
		exp := t.Expires
		if exp.IsZero() && validity > 0 {
			exp = t.Completed.Add(validity)
		}
		rec := record{What: t.Course, Detail: t.Provider, Status: expiry(now, exp), Training: t}
		if !exp.IsZero() {
			rec.Expires = exp.Format(time.DateOnly)
		}
		trainings = append(trainings, rec)
	}
	for _, p := range st.PermitsOf(personID) {
		rec := record{What: p.Kind, Detail: p.Issuer, Status: expiry(now, p.Expires), Permit: p}
		if showNumbers {
			rec.Detail = p.Issuer + " · " + p.Number
		}
		if !p.Expires.IsZero() {
			rec.Expires = p.Expires.Format(time.DateOnly)
		}
		permits = append(permits, rec)
	}
	return trainings, permits
}

// personRow is one person on the crew list, with what has expired or soon
// will.
type personRow struct {
	Person        sshttp.PersonView
	Expired, Soon []string
}

type peopleScreen struct {
	Production  string
	People      []personRow
	Departments []string
	Roles       []setsafe.Role
	Q, Dept     string
	Role        setsafe.Role
	CanManage   bool
	// Grantable are the roles the viewer may grant.
	Grantable []setsafe.Role
	Done      string
	Count     string
	// Updated is how many people's details an import changed, and
	// Gone how many on the production were not on its list.
	Updated, Gone string
	// Form is what was typed in the add form, kept after a problem.
	Form   url.Values
	Fields map[string]string
}

func (s *handlers) peoplePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPeople(w, r, http.StatusOK, nil, nil)
}

// grantable returns the roles a person with access a may grant.
func grantable(a setsafe.Access) []setsafe.Role {
	if !a.Can(setsafe.PermGrantRoles) {
		return nil
	}
	var out []setsafe.Role
	for _, r := range setsafe.Roles {
		if (r == setsafe.RoleProducer || r == setsafe.RoleInvestigator) && !(a.System || a.SiteAdmin || a.Has(setsafe.RoleProducer)) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func (s *handlers) renderPeople(w http.ResponseWriter, r *http.Request, status int, problem error, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, sit, err := s.Situation(r, setsafe.PermViewPeople)
	if err != nil {
		return err
	}
	pid := r.PathValue("production")
	views, err := s.PeopleViews(r, pid, a)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	data := peopleScreen{Production: pid, Roles: setsafe.Roles, Q: strings.TrimSpace(q.Get("q")), Dept: q.Get("department"),
		Role: setsafe.Role(q.Get("role")), CanManage: a.Can(setsafe.PermManagePeople), Grantable: grantable(a),
		Done: peopleDone[q.Get("done")], Count: q.Get("n"), Form: form}
	if u := q.Get("u"); u != "0" {
		data.Updated = u
	}
	if g := q.Get("gone"); g != "0" {
		data.Gone = g
	}
	for _, v := range views {
		if v.Department != "" && !slices.Contains(data.Departments, v.Department) {
			data.Departments = append(data.Departments, v.Department)
		}
		if (data.Q != "" && !strings.Contains(strings.ToLower(v.Name), strings.ToLower(data.Q))) ||
			(data.Dept != "" && v.Department != data.Dept) || (data.Role != "" && !slices.Contains(v.Roles, data.Role)) {
			continue
		}
		row := personRow{Person: v}
		trainings, permits := recordsOf(st, v.ID, sit.Now, sit.Rules.Params.TrainingValidity, false)
		for _, rec := range append(trainings, permits...) {
			switch rec.Status {
			case "expired":
				row.Expired = append(row.Expired, rec.What)
			case "soon":
				row.Soon = append(row.Soon, rec.What)
			}
		}
		data.People = append(data.People, row)
	}
	slices.Sort(data.Departments)
	pg := page{Title: "People", Account: acc, Data: &data}
	if problem != nil {
		pg.Error = setsafe.ErrorMessage(problem)
		if e, ok := errors.AsType[*setsafe.Error](problem); ok {
			data.Fields = e.Fields
		}
	}
	s.pages.render(w, r, status, "people", pg)
	return nil
}

// addPersonSubmit adds a person to the crew and cast list.
func (s *handlers) addPersonSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, sshttp.PersonRequest.Command)
		},
		done: func(r *http.Request, c setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/people/" + c.(setsafe.AddPerson).ID + "?done=added"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderPeople(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], problem, typed)
		},
	})
}

// personScreen is one person's page.
type personScreen struct {
	Production string
	Person     sshttp.PersonView
	Trainings  []record
	Permits    []record
	// OtherDuties are, for an armorer, the duties besides armorer work
	// the job title says and nobody set aside (FA-4).
	OtherDuties []setsafe.Duty
	// What the viewer may do.
	Grantable []setsafe.Role
	// CanSetAside is set when the viewer may record that the title does
	// not mean OtherDuties here.
	CanSetAside          bool
	CanRecord, CanSetPIN bool
	Done                 string
	Failed, Error, Today string
	Fields               map[string]string
	Form                 url.Values
}

func (s *handlers) personPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPerson(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderPerson(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, form url.Values) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, sit, err := s.Situation(r, setsafe.PermViewPeople)
	if err != nil {
		return err
	}
	pid, personID := r.PathValue("production"), r.PathValue("person")
	if st.Person(personID) == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is nobody with ID %s on this production.", personID)
	}
	view, err := s.PersonView(r, pid, personID)
	if err != nil {
		return err
	}
	data := personScreen{Production: pid, Person: view, CanRecord: a.Can(setsafe.PermManageSafety) && view.Active,
		CanSetPIN: view.Active && setsafe.SetPIN{PersonID: personID}.Authorize(a, st) == nil,
		Done:      peopleDone[r.URL.Query().Get("done")], Failed: failed, Form: form, Today: st.Day(sit.Now)}
	if view.Warning != "" {
		data.OtherDuties = st.Person(personID).OtherTitleDuties()
		data.CanSetAside = view.Active && setsafe.SetAsideTitleDuties{PersonID: personID}.Authorize(a, st) == nil
	}
	if view.Active {
		for _, role := range grantable(a) {
			if !slices.Contains(view.Roles, role) {
				data.Grantable = append(data.Grantable, role)
			}
		}
	}
	data.Trainings, data.Permits = recordsOf(st, personID, sit.Now, sit.Rules.Params.TrainingValidity,
		a.Can(setsafe.PermViewContacts) || a.Can(setsafe.PermManageSafety) || a.PersonID == personID)
	if problem != nil {
		data.Error = setsafe.ErrorMessage(problem)
		if e, ok := errors.AsType[*setsafe.Error](problem); ok {
			data.Fields = e.Fields
		}
	}
	s.pages.render(w, r, status, "person", page{Title: view.Name, Account: acc, Data: &data})
	return nil
}

// personSubmit takes one of the person page's actions.
func (s *handlers) personSubmit(action personAction) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return action.command(s, r, r.PathValue("person"), form)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/people/" + r.PathValue("person") + "?done=" + action.name
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderPerson(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], action.name, problem, typed)
		},
	})
}

// importScreen is the preview of a crew list, or what its import did.
type importScreen struct {
	Production string
	// File is the crew list as uploaded, base64, for the confirmation.
	File string
	// Encoding is how the file's text was read.
	Encoding  string
	New       []crewlist.Person
	Updates   []crewlist.Update
	Unchanged []crewlist.Known
	// NoLongerListed are on the production but not on the list; the
	// import leaves them on it.
	NoLongerListed []crewlist.Listed
	Problems       []rowText
	Warnings       []rowText
	Ignored        []string
	// NoRoles is set when the viewer may add people but not grant roles.
	NoRoles bool
	// Unplaced are the job titles that say no duty, for the importer to
	// choose a role, one of Placeable, or plain crew.
	Unplaced  []crewlist.Unplaced
	Placeable []setsafe.Role
	// After the import: who was added and updated, and the rows that
	// failed.
	Done           bool
	Added, Updated int
	Failed         []rowText
	Error          string
}

// readCrewList reads the crew list of an upload, or of its confirmation,
// and plans its import, after checking that the caller may manage the
// crew list.
func (s *handlers) readCrewList(w http.ResponseWriter, r *http.Request, confirm bool) (setsafe.Access, []byte, crewlist.Plan, error) {
	if _, err := s.Require(r, r.PathValue("production"), setsafe.PermManagePeople); err != nil {
		return setsafe.Access{}, nil, crewlist.Plan{}, err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return setsafe.Access{}, nil, crewlist.Plan{}, uploadError(uploadTooLarge)
		}
		return setsafe.Access{}, nil, crewlist.Plan{}, uploadError(uploadUnreadable)
	}
	defer r.MultipartForm.RemoveAll()
	if err := sshttp.FormText(r.PostForm); err != nil {
		return setsafe.Access{}, nil, crewlist.Plan{}, err
	}
	var b []byte
	if confirm {
		var err error
		b, err = base64.StdEncoding.DecodeString(r.PostFormValue("file"))
		if err != nil {
			return setsafe.Access{}, nil, crewlist.Plan{}, uploadError(uploadDamaged)
		}
	} else {
		f, _, err := r.FormFile("file")
		if err != nil {
			return setsafe.Access{}, nil, crewlist.Plan{}, uploadError(uploadNoFile)
		}
		defer f.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(f); err != nil {
			return setsafe.Access{}, nil, crewlist.Plan{}, uploadError(uploadUnreadable)
		}
		b = buf.Bytes()
	}
	a, plan, err := s.PlanCrewList(r, b)
	return a, b, plan, err
}

// crewListRefused answers an upload that cannot be read: the People page
// with what to fix, 422.
func (s *handlers) crewListRefused(w http.ResponseWriter, r *http.Request, err error) error {
	fe, ok := errors.AsType[*crewlist.FileError](err)
	if !ok {
		return err
	}
	acc, err2 := s.signedInAccount(w, r)
	if acc == nil {
		return err2
	}
	data := importScreen{Production: r.PathValue("production"), Error: s.said(r, fe.Message)}
	if fe.Row > 0 {
		data.Error = fmt.Sprintf(s.pages.catalogues[languageOf(r)].text("Row %d: %s"), fe.Row, data.Error)
	}
	s.pages.render(w, r, http.StatusUnprocessableEntity, "import", page{Title: "Import a crew list", Account: acc, Data: &data})
	return nil
}

// rowTexts are a crew list's problems or warnings in the request's
// language.
func (s *handlers) rowTexts(r *http.Request, ps []crewlist.Problem) []rowText {
	var out []rowText
	for _, p := range ps {
		out = append(out, rowText{p.Row, s.said(r, p.Message)})
	}
	return out
}

// importPreview reads an uploaded crew list and shows who would be added,
// whose details would change, who is there already, who is no longer on
// the list, and every row to fix, before anything changes.
func (s *handlers) importPreview(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, b, plan, err := s.readCrewList(w, r, false)
	if err != nil {
		return s.crewListRefused(w, r, err)
	}
	data := importScreen{Production: r.PathValue("production"), File: base64.StdEncoding.EncodeToString(b), Encoding: string(plan.Encoding),
		New: plan.Add, Updates: plan.Update, Unchanged: plan.Unchanged, NoLongerListed: plan.NoLongerListed,
		Problems: s.rowTexts(r, plan.Problems), Warnings: s.rowTexts(r, plan.Warnings),
		Ignored: plan.Ignored, NoRoles: !a.Can(setsafe.PermGrantRoles), Unplaced: plan.Unplaced, Placeable: crewlist.Placeable()}
	s.pages.render(w, r, http.StatusOK, "import", page{Title: "Import a crew list", Account: acc, Data: &data})
	return nil
}

// importConfirm imports a previewed crew list, one person at a time
// through the same commands as the API, and reports any row it could not
// import and who is no longer on the list.
func (s *handlers) importConfirm(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, _, plan, err := s.readCrewList(w, r, true)
	if err != nil {
		return s.crewListRefused(w, r, err)
	}
	choices, err := placeChoices(r.PostForm)
	if err != nil {
		return s.crewListRefused(w, r, err)
	}
	res, err := s.ImportCrewList(r, a, plan, choices)
	if err != nil {
		return err
	}
	data := importScreen{Production: r.PathValue("production"), Done: true, Added: len(res.Added), Updated: len(res.Updated),
		NoLongerListed: plan.NoLongerListed}
	for _, f := range res.Failed {
		data.Failed = append(data.Failed, rowText{f.Row, f.Name + ": " + f.Error})
	}
	if len(data.Failed) == 0 {
		http.Redirect(w, r, "/productions/"+data.Production+"/people?done=imported&n="+strconv.Itoa(data.Added)+
			"&u="+strconv.Itoa(data.Updated)+"&gone="+strconv.Itoa(len(data.NoLongerListed)), http.StatusSeeOther)
		return nil
	}
	s.pages.render(w, r, http.StatusOK, "import", page{Title: "Import a crew list", Account: acc, Data: &data})
	return nil
}

// placeChoices reads the roles the importer chose for the titles the crew
// list could not place: pairs of unplaced_title and unplaced_role, in
// order. Only a role a crew list may propose is accepted.
func placeChoices(form url.Values) (map[string]setsafe.Role, error) {
	titles, roles := form["unplaced_title"], form["unplaced_role"]
	if len(titles) != len(roles) {
		return nil, uploadError(uploadBadPlace)
	}
	choices := map[string]setsafe.Role{}
	for i, title := range titles {
		r := setsafe.Role(roles[i])
		if !slices.Contains(crewlist.Placeable(), r) {
			return nil, uploadError(uploadBadPlace)
		}
		choices[crewlist.TitleKey(title)] = r
	}
	return choices, nil
}

package pages

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

// The screen of locations and the permissions hazards need: who records
// them adds a location, records a permission granted (with its document)
// or refused, and everyone on the production sees where each stands and
// what each set-up still waits for.

func (s *handlers) registerPermissionPages() {
	const base = "/productions/{production}/permissions"
	s.Handle("GET "+base, s.page(s.permissionsPage))
	s.Handle("POST "+base+"/locations", s.page(s.addLocationSubmit()))
	s.Handle("POST "+base, s.page(s.grantPermissionSubmit))
	s.Handle("POST "+base+"/refusals", s.page(s.refusePermissionSubmit()))
	s.Handle("POST "+base+"/{permission}/withdraw", s.page(s.withdrawPermissionSubmit()))
}

// permissionDoneTexts say what a successful action did, by the flag it
// redirects with.
var permissionDoneTexts = map[string]string{
	"located":   "Done: location added.",
	"granted":   "Done: the permission is recorded.",
	"refused":   "Done: the refusal is recorded; what it covers waits for a new permission.",
	"withdrawn": "Done: the record is withdrawn.",
}

// permissionStateTexts say where a permission stands, by its state.
var permissionStateTexts = map[string]string{
	setsafe.PermissionStateInForce:   "In force",
	setsafe.PermissionStateNotYet:    "Not yet in force",
	setsafe.PermissionStateExpired:   "Expired",
	setsafe.PermissionStateRefused:   "Refused",
	setsafe.PermissionStateWithdrawn: "Withdrawn",
}

// permissionTexts are the texts this screen shows from Go code.
func permissionTexts() []string {
	var out []string
	for _, m := range []map[string]string{permissionDoneTexts, permissionStateTexts} {
		for _, v := range m {
			out = append(out, v)
		}
	}
	for _, k := range gate.PermissionKinds {
		out = append(out, k.Name)
	}
	return append(out, "No permission on record")
}

// permissionLine is a permission on record as the screen lists it.
type permissionLine struct {
	P        *setsafe.HazardPermission
	KindName string
	State    string
	// Covers names the set-ups or location it covers.
	Covers string
}

// setUpNeed is a permission a set-up's hazards need, and the latest record
// that covers it, if any.
type setUpNeed struct {
	KindName string
	Line     *permissionLine
}

// setUpPermissions are a set-up's needs.
type setUpPermissions struct {
	SetUp    *setsafe.SetUp
	Location string
	Needs    []setUpNeed
}

// permissionsScreen is the Locations and permissions screen.
type permissionsScreen struct {
	Production     string
	CanAddLocation bool
	CanRecord      bool
	Locations      []*setsafe.Location
	Kinds          []gate.PermissionKind
	SetUps         []*setsafe.SetUp
	Permissions    []permissionLine
	PerSetUp       []setUpPermissions
	Done           string
	// After a refused form: which one ("location", "grant", "refuse"), why,
	// and what was typed.
	Failed string
	Error  string
	Fields map[string]string
	Form   url.Values
	// StateTexts say each state of a permission in words.
	StateTexts map[string]string
}

// Picked says whether the set-up was ticked in the form sent back.
func (d *permissionsScreen) Picked(id string) bool { return slices.Contains(d.Form["setup_ids"], id) }

func (s *handlers) permissionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPermissions(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderPermissions(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, form url.Values) error {
	acc, a, st, sit, err := s.dayOf(w, r)
	if acc == nil {
		return err
	}
	data := permissionsScreen{Production: r.PathValue("production"), CanAddLocation: setsafe.AddLocation{}.Authorize(a, st) == nil,
		CanRecord: setsafe.GrantPermission{}.Authorize(a, st) == nil, Locations: st.Locations(), Kinds: gate.PermissionKinds,
		Done: permissionDoneTexts[r.URL.Query().Get("done")], Failed: failed, Form: form, StateTexts: permissionStateTexts}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	for _, u := range st.SetUps() {
		if u.Day >= sit.Day {
			data.SetUps = append(data.SetUps, u)
		}
	}
	lines := map[string]*permissionLine{}
	for _, p := range st.Permissions() {
		data.Permissions = append(data.Permissions, permissionLineOf(st, p, sit))
	}
	slices.SortFunc(data.Permissions, func(a, b permissionLine) int { return cmp.Compare(b.P.RecordedSeq, a.P.RecordedSeq) })
	for i := range data.Permissions {
		lines[data.Permissions[i].P.ID] = &data.Permissions[i]
	}
	for _, u := range data.SetUps {
		sp := setUpPermissions{SetUp: u, Location: st.LocationName(u.LocationID)}
		for _, kind := range neededKinds(sit, u) {
			need := setUpNeed{KindName: kindName(kind)}
			// The latest record of the kind that covers the set-up counts.
			for _, p := range st.PermissionsOnRecord() {
				if p.Kind == kind && p.Covers(u) {
					need.Line = lines[p.ID]
				}
			}
			sp.Needs = append(sp.Needs, need)
		}
		if len(sp.Needs) > 0 {
			data.PerSetUp = append(data.PerSetUp, sp)
		}
	}
	s.pages.render(w, r, status, "permissions", page{Title: "Locations and permissions", Account: acc, Data: &data})
	return nil
}

// neededKinds are the kinds of permission a set-up's hazards need, as the
// production's rules say.
func neededKinds(sit *gate.Situation, u *setsafe.SetUp) []string {
	var out []string
	for _, id := range u.HazardList() {
		h, ok := gate.FindHazard(id)
		if !ok {
			continue
		}
		for _, k := range sit.Rules.NeedsOf(h).Permissions {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

func kindName(id string) string {
	if k, ok := gate.FindPermissionKind(id); ok {
		return k.Name
	}
	return id
}

// permissionLineOf says a permission in words.
func permissionLineOf(st *setsafe.State, p *setsafe.HazardPermission, sit *gate.Situation) permissionLine {
	l := permissionLine{P: p, KindName: kindName(p.Kind), State: p.StateAt(sit.Now)}
	if ids := p.SetUpList(); len(ids) > 0 {
		var names []string
		for _, id := range ids {
			if u := st.SetUp(id); u != nil {
				names = append(names, u.Name)
			}
		}
		l.Covers = strings.Join(names, "; ")
	} else {
		l.Covers = st.LocationName(p.LocationID)
	}
	return l
}

func (s *handlers) permissionsDone(r *http.Request, flag string) string {
	return "/productions/" + r.PathValue("production") + "/permissions?done=" + flag
}

func (s *handlers) addLocationSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, sshttp.LocationRequest.Command)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return s.permissionsDone(r, "located")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderPermissions(w, r, formStatus(problem), "location", problem, typed)
		},
	})
}

func (s *handlers) refusePermissionSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, sshttp.RefusalRequest.Command)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return s.permissionsDone(r, "refused")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderPermissions(w, r, formStatus(problem), "refuse", problem, typed)
		},
	})
}

func (s *handlers) withdrawPermissionSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return setsafe.WithdrawPermission{ID: r.PathValue("permission"), Reason: form.Get("reason")}, nil
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return s.permissionsDone(r, "withdrawn")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderPermissions(w, r, formStatus(problem), "withdraw-"+r.PathValue("permission"), problem, typed)
		},
	})
}

// maxPermissionForm bounds a posted form with one file, such as a
// permission's document: the file and the words.
const maxPermissionForm = setsafe.MaxFileSize + sshttp.MaxBody

// grantPermissionSubmit records a permission granted, with the document
// when one is chosen.
func (s *handlers) grantPermissionSubmit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.grantForm(w, r)
	if err == nil {
		_, _, err = s.Act(r, c)
	}
	if err != nil {
		if !formProblem(err) && setsafe.ErrorCode(err) != setsafe.ETooLarge {
			return err
		}
		return s.renderPermissions(w, r, formStatus(err), "grant", err, shownAgain(r.PostForm))
	}
	http.Redirect(w, r, s.permissionsDone(r, "granted"), http.StatusSeeOther)
	return nil
}

// grantForm reads a posted permission form and its document.
func (s *handlers) grantForm(w http.ResponseWriter, r *http.Request) (setsafe.GrantPermission, error) {
	doc, err := s.readUpload(w, r, "document")
	if err != nil {
		return setsafe.GrantPermission{}, err
	}
	c, err := formCommand(r.PostForm, sshttp.PermissionRequest.Command)
	if err != nil {
		return setsafe.GrantPermission{}, err
	}
	g := c.(setsafe.GrantPermission)
	g.Document = doc
	return g, nil
}

// readUpload reads a posted form of words and at most one file, in the
// form field named field: the words into r.PostForm, checked as every
// form's are, and the file as EvidenceFile keeps it (a photo without its
// metadata), or nil when none was chosen.
func (s *handlers) readUpload(w http.ResponseWriter, r *http.Request, field string) (*setsafe.File, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPermissionForm)
	if err := r.ParseMultipartForm(maxPermissionForm); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, &setsafe.Error{Code: setsafe.ETooLarge, Message: fmt.Sprintf("The %s is larger than %d MiB.", field, setsafe.MaxFileSize>>20),
				Fields: map[string]string{field: fmt.Sprintf("must be at most %d MiB", setsafe.MaxFileSize>>20)}}
		}
		if !errors.Is(err, http.ErrNotMultipart) {
			return nil, setsafe.Errorf(setsafe.EInvalid, "The form could not be read; send it again.")
		}
		if err := r.ParseForm(); err != nil {
			return nil, setsafe.Errorf(setsafe.EInvalid, "The form could not be read; send it again.")
		}
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err := sshttp.FormText(r.PostForm); err != nil {
		return nil, err
	}
	f, h, err := r.FormFile(field)
	if err != nil {
		return nil, nil // no file chosen
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil || buf.Len() == 0 {
		return nil, nil
	}
	contentType, _, _ := mime.ParseMediaType(h.Header.Get("Content-Type"))
	if !slices.Contains(setsafe.FileTypes, contentType) {
		contentType = http.DetectContentType(buf.Bytes())
	}
	if !slices.Contains(setsafe.FileTypes, contentType) {
		return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: fmt.Sprintf("The %s must be a PDF, or a JPEG or PNG photo of it.", field),
			Fields: map[string]string{field: "must be a PDF, or a JPEG or PNG photo"}}
	}
	file, err := s.EvidenceFile(r.Context(), contentType, buf.Bytes())
	if err != nil {
		return nil, err
	}
	return &file, nil
}

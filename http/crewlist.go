package http

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/crewlist"
)

// The import of a crew list, for the API and the pages alike: the list is
// read and planned against the production's people once, here; the
// preview shows the plan and the import carries it out, one command a
// person, through the same commands as adding or changing one person.

// MaxCrewListUpload bounds a request that carries a crew list: the file,
// in base64 when it comes in JSON or a page's confirmation, and what is
// around it.
const MaxCrewListUpload = crewlist.MaxSize*4/3 + 64<<10

// PlanCrewList reads a crew list for the production in the URL and works
// out what importing it would do, for a caller who may manage the crew
// list. A file that cannot be read at all is a *crewlist.FileError.
func (s *Server) PlanCrewList(r *http.Request, data []byte) (setsafe.Access, crewlist.Plan, error) {
	a, st, _, err := s.Situation(r, setsafe.PermManagePeople)
	if err != nil {
		return a, crewlist.Plan{}, err
	}
	list, err := crewlist.Parse(bytes.NewReader(data))
	if err != nil {
		return a, crewlist.Plan{}, err
	}
	return a, crewlist.PlanImport(st.People(), list), nil
}

// ImportCrewList carries out a plan: it adds each new person, with the
// role their title proposes or the importer chose when the caller may
// grant roles, and updates each known person's details with the reason
// [crewlist.ReimportReason]. A row the domain refuses is one of the
// result's Failed; the others are recorded all the same.
func (s *Server) ImportCrewList(r *http.Request, a setsafe.Access, plan crewlist.Plan, choices map[string]setsafe.Role) (CrewListResult, error) {
	res := CrewListResult{Added: []CrewListOutcome{}, Updated: []CrewListOutcome{}, Failed: []CrewListOutcome{},
		NoLongerListed: crewListPeople(plan.NoLongerListed), Problems: CrewListNotes(plan.Problems), Recorded: []RecordedView{}}
	for _, step := range plan.Steps(choices, a.Can(setsafe.PermGrantRoles), setsafe.NewID) {
		_, evs, err := s.Act(r, step.Command)
		if err != nil {
			if !rowRefused(err) {
				return res, err
			}
			res.Failed = append(res.Failed, CrewListOutcome{Row: step.Row, Name: step.Name, Error: setsafe.ErrorMessage(err)})
			continue
		}
		res.Recorded = append(res.Recorded, Recorded(evs)...)
		switch c := step.Command.(type) {
		case setsafe.AddPerson:
			res.Added = append(res.Added, CrewListOutcome{Row: step.Row, Name: step.Name, PersonID: c.ID})
		case setsafe.UpdatePerson:
			res.Updated = append(res.Updated, CrewListOutcome{Row: step.Row, Name: step.Name, PersonID: c.ID})
		}
	}
	return res, nil
}

// rowRefused says whether the domain refused one row for what it holds,
// so that the import goes on with the others.
func rowRefused(err error) bool {
	switch setsafe.ErrorCode(err) {
	case setsafe.EInvalid, setsafe.ERefused, setsafe.EConflict, setsafe.EForbidden:
		return true
	}
	return false
}

// CheckPlaced checks the roles an importer chose for the titles a plan
// could not place: each a title of the plan and a role a crew list may
// propose. It returns them keyed by [crewlist.TitleKey].
func CheckPlaced(plan crewlist.Plan, roles map[string]setsafe.Role) (map[string]setsafe.Role, error) {
	p := setsafe.Problems{}
	out := map[string]setsafe.Role{}
	for title, role := range roles {
		key := crewlist.TitleKey(title)
		if !slices.ContainsFunc(plan.Unplaced, func(u crewlist.Unplaced) bool { return u.Key() == key }) {
			p.Add("roles", "name %q, which is not a title of someone to add that the list could not place; send the titles the preview lists as unplaced", title)
			continue
		}
		if !slices.Contains(crewlist.Placeable(), role) {
			p.Add("roles", "give %q the role %q, which a crew list cannot grant; choose one of the preview's placeable roles", title, role)
			continue
		}
		out[key] = role
	}
	return out, p.Err()
}

// CrewListPlanView is a plan as the API answers it, in English.
func CrewListPlanView(a setsafe.Access, plan crewlist.Plan) CrewListPlan {
	v := CrewListPlan{Encoding: string(plan.Encoding), Add: []CrewListRow{}, Update: []CrewListKnown{}, Unchanged: []CrewListKnown{},
		NoLongerListed: crewListPeople(plan.NoLongerListed), Problems: CrewListNotes(plan.Problems), Warnings: CrewListNotes(plan.Warnings),
		Unplaced: []CrewListTitle{}, Ignored: append([]string{}, plan.Ignored...), Placeable: crewlist.Placeable(),
		GrantsRoles: a.Can(setsafe.PermGrantRoles)}
	for _, p := range plan.Add {
		v.Add = append(v.Add, crewListRow(p))
	}
	known := func(k crewlist.Known, changes []crewlist.Change) CrewListKnown {
		out := CrewListKnown{CrewListRow: crewListRow(k.Person), PersonID: k.Existing.ID, ByEmail: k.ByEmail}
		out.Role, out.OtherDuties = "", nil
		for _, c := range changes {
			out.Changes = append(out.Changes, CrewListChange{c.Field, c.Old, c.New})
		}
		return out
	}
	for _, u := range plan.Update {
		v.Update = append(v.Update, known(u.Known, u.Changes))
	}
	for _, k := range plan.Unchanged {
		v.Unchanged = append(v.Unchanged, known(k, nil))
	}
	for _, u := range plan.Unplaced {
		v.Unplaced = append(v.Unplaced, CrewListTitle{u.Title, u.Rows})
	}
	return v
}

func crewListRow(p crewlist.Person) CrewListRow {
	return CrewListRow{Row: p.Row, Name: p.Name, Department: p.Department, JobTitle: p.JobTitle, Email: p.Email, Phone: p.Phone,
		Role: p.Role, OtherDuties: p.OtherDuties}
}

func crewListPeople(ps []crewlist.Listed) []CrewListPerson {
	out := []CrewListPerson{}
	for _, p := range ps {
		out = append(out, CrewListPerson{p.ID, p.Name})
	}
	return out
}

// CrewListNotes are a crew list's problems or warnings, in English.
func CrewListNotes(ps []crewlist.Problem) []CrewListNote {
	out := []CrewListNote{}
	for _, p := range ps {
		out = append(out, CrewListNote{p.Row, p.Message.String()})
	}
	return out
}

// CrewListRefusal is a crew list that cannot be read, as an error the API
// answers: what to fix, on the file field.
func CrewListRefusal(err error) error {
	fe, ok := errors.AsType[*crewlist.FileError](err)
	if !ok {
		return err
	}
	code := setsafe.EInvalid
	if fe.Format == crewlist.FormatTooLarge {
		code = setsafe.ETooLarge
	}
	return &setsafe.Error{Code: code, Message: fe.Error(), Fields: map[string]string{"file": fe.Message.String()}}
}

// ReadCrewListUpload reads the crew list a request carries: the file as
// the body, with any content type; a multipart form's field file; or, as
// JSON, a [CrewListImport], whose roles it returns too.
func ReadCrewListUpload(w http.ResponseWriter, r *http.Request) ([]byte, map[string]setsafe.Role, error) {
	tooLarge := &setsafe.Error{Code: setsafe.ETooLarge, Message: "The crew list is larger than 1 MB; split it into smaller files and send each.",
		Fields: map[string]string{"file": "must be at most 1 MB"}}
	r.Body = http.MaxBytesReader(w, r.Body, MaxCrewListUpload)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		var req CrewListImport
		if err := DecodeBody(r.Body, &req); err != nil {
			return nil, nil, err
		}
		if len(req.File) == 0 {
			return nil, nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "Send the crew list in file, in base64.",
				Fields: map[string]string{"file": "is required"}}
		}
		return req.File, req.Roles, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(MaxCrewListUpload); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, nil, tooLarge
			}
			return nil, nil, setsafe.Errorf(setsafe.EInvalid, "The form could not be read; send the crew list in the field file.")
		}
		defer r.MultipartForm.RemoveAll()
		if v, ok := r.MultipartForm.Value["file"]; ok && len(v) == 1 {
			return []byte(v[0]), nil, nil
		}
		f, _, err := r.FormFile("file")
		if err != nil {
			return nil, nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "Send the crew list in the form field file.",
				Fields: map[string]string{"file": "is required"}}
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		return data, nil, err
	}
	data, err := io.ReadAll(r.Body)
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, nil, tooLarge
	}
	return data, nil, err
}

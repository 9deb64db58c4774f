package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// ProductionRequest creates a production.
type ProductionRequest struct {
	// ID names the production in URLs and in its ledger's origin: 3 to 40
	// lowercase letters, digits and hyphens, such as "red-mesa".
	ID       string `json:"id"`
	Name     string `json:"name"`
	Company  string `json:"company,omitempty"`
	Location string `json:"location,omitempty"`
	// TimeZone is the IANA time zone of the set, such as "America/Denver".
	TimeZone string `json:"time_zone"`
}

// ProductionUpdate changes a production's details; a field left out keeps
// its value, and an empty string clears an optional one.
type ProductionUpdate struct {
	Name     *string `json:"name,omitempty"`
	Company  *string `json:"company,omitempty"`
	Location *string `json:"location,omitempty"`
	TimeZone *string `json:"time_zone,omitempty"`
	Reason   string  `json:"reason,omitempty"`
	// Corrects is the sequence number of the entry this change corrects.
	Corrects int64 `json:"corrects,omitempty"`
}

// PersonRequest adds a person to a production.
type PersonRequest struct {
	Name       string `json:"name"`
	Department string `json:"department,omitempty"`
	JobTitle   string `json:"job_title,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	// AccountID links the person to the site account they sign in with.
	AccountID string `json:"account_id,omitempty"`
	// Roles are granted with the person, in the same entry batch.
	Roles []setsafe.Role `json:"roles,omitempty"`
	// ConfirmSameEmail adds the person although someone on the crew list
	// has their e-mail address, which is refused otherwise.
	ConfirmSameEmail bool `json:"confirm_same_email,omitempty"`
}

// PersonUpdate changes a person's details; a field left out keeps its value,
// and an empty string clears an optional one.
type PersonUpdate struct {
	Name       *string `json:"name,omitempty"`
	Department *string `json:"department,omitempty"`
	JobTitle   *string `json:"job_title,omitempty"`
	Email      *string `json:"email,omitempty"`
	Phone      *string `json:"phone,omitempty"`
	Reason     string  `json:"reason,omitempty"`
	// Corrects is the sequence number of the entry this change corrects.
	Corrects int64 `json:"corrects,omitempty"`
	// ConfirmSameEmail gives the person an e-mail address someone else on
	// the crew list has, which is refused otherwise.
	ConfirmSameEmail bool `json:"confirm_same_email,omitempty"`
}

// LinkRequest links a person to a site account.
type LinkRequest struct {
	AccountID string `json:"account_id"`
}

// PINRequest sets a person's PIN: 4 to 8 digits.
type PINRequest struct {
	PIN string `json:"pin"`
}

// RoleRequest grants a role.
type RoleRequest struct {
	Role setsafe.Role `json:"role"`
}

// RevokeRequest ends a role.
type RevokeRequest struct {
	Reason string `json:"reason"`
	// Corrects is the sequence number of the grant, if it was a mistake.
	Corrects int64 `json:"corrects,omitempty"`
}

// ProductionResult is the entries a change appended and the production as
// it is now. The production is left out when the change took away the
// caller's right to see it.
type ProductionResult struct {
	Production *ProductionView `json:"production,omitempty"`
	Recorded   []RecordedView  `json:"recorded"`
}

// PersonResult is the entries a change appended and the person as they are
// now. The person is left out when the change took away the caller's right
// to see them, as when someone unlinks their own account.
type PersonResult struct {
	Person   *PersonView    `json:"person,omitempty"`
	Recorded []RecordedView `json:"recorded"`
}

// productionID returns the production named in the URL.
func productionID(r *http.Request) (string, error) {
	id := r.PathValue("production")
	if !setsafe.ValidProductionID(id) {
		return "", setsafe.Errorf(setsafe.ENotFound, "There is no production %q.", id)
	}
	return id, nil
}

func (s *Server) listProductions(w http.ResponseWriter, r *http.Request) error {
	views, err := s.productionViews(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ProductionList{Productions: views})
	return nil
}

// productionViews returns the productions the caller may see, with the
// caller's roles in each.
func (s *Server) productionViews(r *http.Request) ([]ProductionView, error) {
	site, err := s.cfg.Records.Access(r.Context(), actorFrom(r), setsafe.SiteLedger)
	if err != nil {
		return nil, err
	}
	prods, err := s.cfg.Records.Productions(r.Context(), site)
	if err != nil {
		return nil, err
	}
	views := []ProductionView{}
	for _, p := range prods {
		a, err := s.cfg.Records.Access(r.Context(), actorFrom(r), p.ID)
		if err != nil {
			return nil, err
		}
		views = append(views, productionView(p, a))
	}
	return views, nil
}

func (s *Server) createProduction(w http.ResponseWriter, r *http.Request) error {
	var req ProductionRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.CreateProductionRequest(actorFrom(r), setsafe.CreateProduction{
		ID: req.ID, Name: req.Name, Company: req.Company, Location: req.Location, TimeZone: req.TimeZone}))
	if err != nil {
		return err
	}
	return s.productionChanged(w, r, req.ID, evs, http.StatusCreated)
}

func (s *Server) getProduction(w http.ResponseWriter, r *http.Request) error {
	id, err := productionID(r)
	if err != nil {
		return err
	}
	view, err := s.productionView(r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, view)
	return nil
}

// getSurge answers today's concerns raised and people who left or joined
// beside the production's usual day, for those who manage its safety.
func (s *Server) getSurge(w http.ResponseWriter, r *http.Request) error {
	id, err := productionID(r)
	if err != nil {
		return err
	}
	if _, err := s.require(r, id, setsafe.PermManageSafety); err != nil {
		return err
	}
	st, err := s.cfg.Armory.LedgerState(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st.Surge(s.cfg.Clock.Now()))
	return nil
}

// productionView returns a production with the caller's roles in it, if the
// caller may see it.
func (s *Server) productionView(r *http.Request, id string) (ProductionView, error) {
	a, err := s.require(r, id, setsafe.PermViewProduction)
	if err != nil {
		return ProductionView{}, err
	}
	p, err := s.cfg.Records.Production(r.Context(), id)
	if err != nil {
		return ProductionView{}, err
	}
	return productionView(p, a), nil
}

// productionChanged answers a change with the entries it appended and the
// production as the caller may now see it.
func (s *Server) productionChanged(w http.ResponseWriter, r *http.Request, id string, evs []setsafe.Event, status int) error {
	out := ProductionResult{Recorded: recorded(appended(evs))}
	view, err := s.productionView(r, id)
	switch {
	case err == nil:
		out.Production = &view
	case !unseen(err):
		return err
	}
	writeJSON(w, status, out)
	return nil
}

// unseen reports whether err says the caller may not see something (any
// more), rather than that reading it failed.
func unseen(err error) bool {
	code := setsafe.ErrorCode(err)
	return code == setsafe.EForbidden || code == setsafe.ENotFound
}

func (s *Server) updateProduction(w http.ResponseWriter, r *http.Request) error {
	id, err := productionID(r)
	if err != nil {
		return err
	}
	var req ProductionUpdate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(id, actorFrom(r), setsafe.UpdateProduction{
		Name: req.Name, Company: req.Company, Location: req.Location, TimeZone: req.TimeZone, Reason: req.Reason, Corrects: req.Corrects}))
	if err != nil {
		return err
	}
	return s.productionChanged(w, r, id, evs, http.StatusOK)
}

func (s *Server) listPeople(w http.ResponseWriter, r *http.Request) error {
	id, err := productionID(r)
	if err != nil {
		return err
	}
	a, err := s.require(r, id, setsafe.PermViewPeople)
	if err != nil {
		return err
	}
	views, err := s.peopleViews(r, id, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, PeopleList{People: views})
	return nil
}

// peopleViews returns everyone on a production with their roles, as the
// access allows them to be seen.
func (s *Server) peopleViews(r *http.Request, productionID string, a setsafe.Access) ([]PersonView, error) {
	people, err := s.cfg.Records.People(r.Context(), productionID)
	if err != nil {
		return nil, err
	}
	grants, err := s.cfg.Records.Grants(r.Context(), productionID, "")
	if err != nil {
		return nil, err
	}
	views := []PersonView{}
	for _, p := range people {
		views = append(views, personView(p, grants, a))
	}
	return views, nil
}

// personView returns a person with their roles, if the caller may see them:
// those who may see the crew list see anyone; everyone sees themselves.
func (s *Server) personView(r *http.Request, productionID, personID string) (PersonView, error) {
	a, err := s.require(r, productionID, setsafe.PermViewPeople)
	if err != nil && a.PersonID != personID {
		return PersonView{}, err
	}
	p, err := s.cfg.Records.Person(r.Context(), productionID, personID)
	if err != nil {
		return PersonView{}, err
	}
	grants, err := s.cfg.Records.Grants(r.Context(), productionID, personID)
	if err != nil {
		return PersonView{}, err
	}
	return personView(p, grants, a), nil
}

// personChanged answers a change with the entries it appended and the person
// as the caller may now see them.
func (s *Server) personChanged(w http.ResponseWriter, r *http.Request, productionID, personID string, evs []setsafe.Event, status int) error {
	out := PersonResult{Recorded: recorded(appended(evs))}
	view, err := s.personView(r, productionID, personID)
	switch {
	case err == nil:
		out.Person = &view
	case !unseen(err):
		return err
	}
	writeJSON(w, status, out)
	return nil
}

func (s *Server) addPerson(w http.ResponseWriter, r *http.Request) error {
	pid, err := productionID(r)
	if err != nil {
		return err
	}
	var req PersonRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	c := req.Command()
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(pid, actorFrom(r), c))
	if err != nil {
		return err
	}
	return s.personChanged(w, r, pid, c.ID, evs, http.StatusCreated)
}

// change appends one command on the production in the URL and answers with
// the person in the URL.
func (s *Server) change(w http.ResponseWriter, r *http.Request, c func(personID string) setsafe.Command) error {
	pid, err := productionID(r)
	if err != nil {
		return err
	}
	id := r.PathValue("person")
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(pid, actorFrom(r), c(id)))
	if err != nil {
		return err
	}
	return s.personChanged(w, r, pid, id, evs, http.StatusOK)
}

func (s *Server) getPerson(w http.ResponseWriter, r *http.Request) error {
	pid, err := productionID(r)
	if err != nil {
		return err
	}
	view, err := s.personView(r, pid, r.PathValue("person"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, view)
	return nil
}

func (s *Server) updatePerson(w http.ResponseWriter, r *http.Request) error {
	var req PersonUpdate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command {
		return setsafe.UpdatePerson{ID: id, Reason: req.Reason, Corrects: req.Corrects, ConfirmSameEmail: req.ConfirmSameEmail,
			PersonChanges: setsafe.PersonChanges{Name: req.Name, Department: req.Department, JobTitle: req.JobTitle, Email: req.Email, Phone: req.Phone}}
	})
}

func (s *Server) removePerson(w http.ResponseWriter, r *http.Request) error {
	var req ReasonRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command { return setsafe.RemovePerson{ID: id, Reason: req.Reason} })
}

func (s *Server) linkAccount(w http.ResponseWriter, r *http.Request) error {
	var req LinkRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command { return setsafe.LinkAccount{PersonID: id, AccountID: req.AccountID} })
}

func (s *Server) unlinkAccount(w http.ResponseWriter, r *http.Request) error {
	return s.change(w, r, func(id string) setsafe.Command { return setsafe.UnlinkAccount{PersonID: id} })
}

func (s *Server) setPIN(w http.ResponseWriter, r *http.Request) error {
	var req PINRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if err := setsafe.CheckPIN(req.PIN); err != nil {
		return err
	}
	// A first check before hashing, which is dear; the ledger's writer checks
	// again, and finally, when it records the change.
	pid, err := productionID(r)
	if err != nil {
		return err
	}
	a, err := s.cfg.Records.Access(r.Context(), actorFrom(r), pid)
	if err != nil {
		return err
	}
	if a.PersonID != r.PathValue("person") {
		if err := a.Require(setsafe.PermManagePeople); err != nil {
			return err
		}
	}
	hash, err := s.cfg.Hashing.PINs.Hash(r.Context(), req.PIN, s.cfg.PINHash)
	if err != nil {
		return hashingError(err)
	}
	return s.change(w, r, func(id string) setsafe.Command { return setsafe.SetPIN{PersonID: id, Hash: hash} })
}

func (s *Server) grantRole(w http.ResponseWriter, r *http.Request) error {
	var req RoleRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command { return req.Command(id) })
}

func (s *Server) revokeRole(w http.ResponseWriter, r *http.Request) error {
	var req RevokeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	role := setsafe.Role(r.PathValue("role"))
	return s.change(w, r, func(id string) setsafe.Command {
		return setsafe.RevokeRole{PersonID: id, Role: role, Reason: req.Reason, Corrects: req.Corrects}
	})
}

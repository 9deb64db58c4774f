package api

import (
	"net/http"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

func (s *handlers) listProductions(w http.ResponseWriter, r *http.Request) error {
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	views, next, err := s.ProductionViewsAfter(r, part)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.ProductionList{Productions: views, NextCursor: next})
	return nil
}

func (s *handlers) createProduction(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.ProductionRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.CreateProductionRequest(sshttp.ActorFrom(r), setsafe.CreateProduction{
		ID: req.ID, Name: req.Name, Company: req.Company, Location: req.Location, TimeZone: req.TimeZone}))
	if err != nil {
		return err
	}
	return s.productionChanged(w, r, req.ID, evs, http.StatusCreated)
}

func (s *handlers) getProduction(w http.ResponseWriter, r *http.Request) error {
	id, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	view, err := s.productionView(r, id)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

// getSurge answers today's concerns raised and people who left or joined
// beside the production's usual day, for those who manage its safety.
func (s *handlers) getSurge(w http.ResponseWriter, r *http.Request) error {
	id, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, id, setsafe.PermManageSafety); err != nil {
		return err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), id)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, st.Surge(s.Config.Clock.Now()))
	return nil
}

// productionView returns a production with the caller's roles in it, if the
// caller may see it.
func (s *handlers) productionView(r *http.Request, id string) (sshttp.ProductionView, error) {
	a, err := s.Require(r, id, setsafe.PermViewProduction)
	if err != nil {
		return sshttp.ProductionView{}, err
	}
	p, err := s.Config.Records.Production(r.Context(), id)
	if err != nil {
		return sshttp.ProductionView{}, err
	}
	return sshttp.NewProductionView(p, a), nil
}

// productionChanged answers a change with the entries it appended and the
// production as the caller may now see it.
func (s *handlers) productionChanged(w http.ResponseWriter, r *http.Request, id string, evs []setsafe.Event, status int) error {
	out := sshttp.ProductionResult{Recorded: sshttp.Recorded(appended(evs))}
	view, err := s.productionView(r, id)
	switch {
	case err == nil:
		out.Production = &view
	case !unseen(err):
		return err
	}
	sshttp.WriteJSON(w, status, out)
	return nil
}

// unseen reports whether err says the caller may not see something (any
// more), rather than that reading it failed.
func unseen(err error) bool {
	code := setsafe.ErrorCode(err)
	return code == setsafe.EForbidden || code == setsafe.ENotFound
}

func (s *handlers) updateProduction(w http.ResponseWriter, r *http.Request) error {
	id, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	var req sshttp.ProductionUpdate
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(id, sshttp.ActorFrom(r), req.Command()))
	if err != nil {
		return err
	}
	return s.productionChanged(w, r, id, evs, http.StatusOK)
}

func (s *handlers) listPeople(w http.ResponseWriter, r *http.Request) error {
	id, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	a, err := s.Require(r, id, setsafe.PermViewPeople)
	if err != nil {
		return err
	}
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	views, next, err := s.PeopleViewsAfter(r, id, a, part)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.PeopleList{People: views, NextCursor: next})
	return nil
}

// personChanged answers a change with the entries it appended and the person
// as the caller may now see them.
func (s *handlers) personChanged(w http.ResponseWriter, r *http.Request, productionID, personID string, evs []setsafe.Event, status int) error {
	out := sshttp.PersonResult{Recorded: sshttp.Recorded(appended(evs))}
	view, err := s.PersonView(r, productionID, personID)
	switch {
	case err == nil:
		out.Person = &view
	case !unseen(err):
		return err
	}
	sshttp.WriteJSON(w, status, out)
	return nil
}

func (s *handlers) addPerson(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	var req sshttp.PersonRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	c := req.Command()
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(pid, sshttp.ActorFrom(r), c))
	if err != nil {
		return err
	}
	return s.personChanged(w, r, pid, c.ID, evs, http.StatusCreated)
}

// change appends one command on the production in the URL and answers with
// the person in the URL.
func (s *handlers) change(w http.ResponseWriter, r *http.Request, c func(personID string) setsafe.Command) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	id := r.PathValue("person")
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(pid, sshttp.ActorFrom(r), c(id)))
	if err != nil {
		return err
	}
	return s.personChanged(w, r, pid, id, evs, http.StatusOK)
}

func (s *handlers) getPerson(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	view, err := s.PersonView(r, pid, r.PathValue("person"))
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

func (s *handlers) updatePerson(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.PersonUpdate
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command {
		return setsafe.UpdatePerson{ID: id, Reason: req.Reason, Corrects: req.Corrects, ConfirmSameEmail: req.ConfirmSameEmail,
			PersonChanges: setsafe.PersonChanges{Name: req.Name, Department: req.Department, JobTitle: req.JobTitle, Email: req.Email, Phone: req.Phone}}
	})
}

func (s *handlers) removePerson(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.LeaveRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command {
		return setsafe.RemovePerson{ID: id, Reason: req.Reason, Emergency: req.Emergency}
	})
}

func (s *handlers) linkAccount(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.LinkRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command { return setsafe.LinkAccount{PersonID: id, AccountID: req.AccountID} })
}

func (s *handlers) unlinkAccount(w http.ResponseWriter, r *http.Request) error {
	return s.change(w, r, func(id string) setsafe.Command { return setsafe.UnlinkAccount{PersonID: id} })
}

func (s *handlers) setPIN(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.PINRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	c, err := s.SetPIN(r, r.PathValue("person"), req)
	if err != nil {
		return err
	}
	return s.change(w, r, func(string) setsafe.Command { return c })
}

func (s *handlers) grantRole(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.RoleRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command { return req.Command(id) })
}

func (s *handlers) setAsideTitleDuties(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.TitleDutiesRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	return s.change(w, r, func(id string) setsafe.Command { return req.Command(id) })
}

func (s *handlers) revokeRole(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.RevokeRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	role := setsafe.Role(r.PathValue("role"))
	return s.change(w, r, func(id string) setsafe.Command {
		return setsafe.RevokeRole{PersonID: id, Role: role, Reason: req.Reason, Corrects: req.Corrects, Emergency: req.Emergency}
	})
}

package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// PeopleViews returns everyone on a production with their roles, as the
// access allows them to be seen.
func (s *Server) PeopleViews(r *http.Request, productionID string, a setsafe.Access) ([]PersonView, error) {
	people, err := s.Config.Records.People(r.Context(), productionID)
	if err != nil {
		return nil, err
	}
	grants, err := s.Config.Records.Grants(r.Context(), productionID, "")
	if err != nil {
		return nil, err
	}
	views := []PersonView{}
	for _, p := range people {
		views = append(views, personView(p, grants, a))
	}
	return views, nil
}

// PersonView returns a person with their roles, if the caller may see them:
// those who may see the crew list see anyone; everyone sees themselves.
func (s *Server) PersonView(r *http.Request, productionID, personID string) (PersonView, error) {
	a, err := s.Require(r, productionID, setsafe.PermViewPeople)
	if err != nil && a.PersonID != personID {
		return PersonView{}, err
	}
	p, err := s.Config.Records.Person(r.Context(), productionID, personID)
	if err != nil {
		return PersonView{}, err
	}
	grants, err := s.Config.Records.Grants(r.Context(), productionID, personID)
	if err != nil {
		return PersonView{}, err
	}
	return personView(p, grants, a), nil
}

// SetPIN builds the setting of a person's PIN from its request. The PIN
// is checked, and hashed only once the caller may set it, since hashing
// is dear; the ledger's writer asks again when it records the change.
func (s *Server) SetPIN(r *http.Request, personID string, req PINRequest) (setsafe.Command, error) {
	if err := setsafe.CheckPIN(req.PIN); err != nil {
		return nil, err
	}
	c := setsafe.SetPIN{PersonID: personID}
	if _, _, err := s.Authorized(r, c); err != nil {
		return nil, err
	}
	hash, err := s.Config.Hashing.PINs.Hash(r.Context(), req.PIN, s.Config.PINHash)
	if err != nil {
		return nil, HashingError(err)
	}
	c.Hash = hash
	return c, nil
}

package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// ProductionID returns the production named in the URL.
func ProductionID(r *http.Request) (string, error) {
	id := r.PathValue("production")
	if !setsafe.ValidProductionID(id) {
		return "", setsafe.Errorf(setsafe.ENotFound, "There is no production %q.", id)
	}
	return id, nil
}

// ProductionViews returns the productions the caller may see, with the
// caller's roles in each.
func (s *Server) ProductionViews(r *http.Request) ([]ProductionView, error) {
	site, err := s.Config.Records.Access(r.Context(), ActorFrom(r), setsafe.SiteLedger)
	if err != nil {
		return nil, err
	}
	prods, err := s.Config.Records.Productions(r.Context(), site)
	if err != nil {
		return nil, err
	}
	return s.productionViews(r, prods)
}

// productionViews returns productions with the caller's roles in each.
func (s *Server) productionViews(r *http.Request, prods []*setsafe.Production) ([]ProductionView, error) {
	views := []ProductionView{}
	for _, p := range prods {
		a, err := s.Config.Records.Access(r.Context(), ActorFrom(r), p.ID)
		if err != nil {
			return nil, err
		}
		views = append(views, NewProductionView(p, a))
	}
	return views, nil
}

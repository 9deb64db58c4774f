package http

import (
	"math"
	"net/http"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/ledger"
)

// Concerning returns every ledger entry about a firearm or a lot, newest
// first (see ConcerningAfter).
func (s *Server) Concerning(r *http.Request, pid, id string, firearm bool) ([]ledger.Entry, error) {
	entries, _, err := s.ConcerningAfter(r, pid, id, firearm, ListPart{Limit: math.MaxInt - 1})
	return entries, err
}

// preview runs the gate on an action without taking it: the same checks,
// at the same time, as when it is taken.
func (s *Server) Preview(r *http.Request, a setsafe.Access, st *setsafe.State, c setsafe.Gated) (gate.Verdict, error) {
	return setsafe.Preview(st, setsafe.Decision{Now: st.DecisionTime(s.Config.Clock.Now()), Actor: ActorFrom(r), Access: a}, c)
}

// firearmWithPhotos reads the firearm named in the URL and its photos.
func (s *Server) FirearmWithPhotos(r *http.Request, pid string) (*setsafe.Firearm, []*setsafe.Attachment, error) {
	f, err := s.Config.Armory.Firearm(r.Context(), pid, r.PathValue("firearm"))
	if err != nil {
		return nil, nil, err
	}
	photos, err := s.Config.Armory.Attachments(r.Context(), pid, setsafe.SubjectFirearm, f.ID)
	if photos == nil {
		photos = []*setsafe.Attachment{}
	}
	return f, photos, err
}

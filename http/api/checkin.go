package api

import (
	"net/http"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// checkInRoutes check people in and out on set and say who is on site.
func (s *handlers) checkInRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "POST", path: prod + "/checkins", tag: tagDay, summary: "Check in on set: yourself, or someone with their PIN on the shared device of the day (those who run the day). Checking in again while on site records nothing.", signedIn: true,
			body: sshttp.CheckInRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.checkIn),
			example: sshttp.CheckInRequest{PersonID: "k3v9q2m7x4p8w1z5", PIN: "3516"}},
		{method: "POST", path: prod + "/checkins/out", tag: tagDay, summary: "Check out of set: yourself, someone with their PIN on the shared device, or (those who run the day) someone who left without checking out. 409 when the person is not checked in today.", signedIn: true,
			body: sshttp.CheckInRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.checkOut),
			example: sshttp.CheckInRequest{PersonID: "k3v9q2m7x4p8w1z5", OccurredAt: "2021-10-21T18:30"}},
		{method: "GET", path: prod + "/on-site", tag: tagDay, summary: "Who is on site now: checked in today and not checked out, with since when, the medics and the people hazards need.", signedIn: true,
			response: sshttp.OnSiteView{}, handle: s.onSite},
	}
}

func (s *handlers) checkIn(w http.ResponseWriter, r *http.Request, req sshttp.CheckInRequest) error {
	c, err := s.CheckInMove(r, req, false)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", c)
}

func (s *handlers) checkOut(w http.ResponseWriter, r *http.Request, req sshttp.CheckInRequest) error {
	c, err := s.CheckInMove(r, req, true)
	if err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", c)
}

func (s *handlers) onSite(w http.ResponseWriter, r *http.Request) error {
	_, st, err := s.Readable(r, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.OnSiteNow(st, st.DecisionTime(s.Config.Clock.Now())))
	return nil
}

package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// stopWorkCall is the command a stop-work request asks for, after checking
// the PIN of the person who calls it on a shared device.
func (s *Server) StopWorkCall(r *http.Request, req StopWorkRequest) (setsafe.CallStopWork, error) {
	c := setsafe.CallStopWork{ID: setsafe.NewID(), Scope: req.Scope, SetUpID: req.SetUpID, Hazard: req.Hazard, Reason: req.Reason}
	if req.Person == "" {
		return c, nil
	}
	c.By, c.ConfirmedBy = req.Person, setsafe.StopWorkByPIN
	return c, s.ConfirmPINs(r, setsafe.PermRunMeetings, Witness{PersonID: req.Person, PIN: req.PIN})
}

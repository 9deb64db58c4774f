package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// CheckInMove builds the check-in (or, with out, the check-out) a request
// asks for: with the person's PIN, which is checked after the caller is
// found to run the day, as on the shared device of the day; without one,
// by the signed-in person for themselves, or for a check-out by someone
// who runs the day for another. The API and the pages send the same
// command.
func (s *Server) CheckInMove(r *http.Request, req CheckInRequest, out bool) (setsafe.Command, error) {
	how, who := setsafe.CheckInBySession, req.PersonID
	if req.PIN != "" {
		if who == "" {
			return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "Say whose PIN it is.", Fields: map[string]string{"person_id": "is required with a PIN: pick your name"}}
		}
		if err := s.ConfirmPINs(r, setsafe.PermRunMeetings, Witness{PersonID: who, PIN: req.PIN}); err != nil {
			return nil, err
		}
		how = setsafe.CheckInByPIN
	} else if who == "" {
		pid, err := ProductionID(r)
		if err != nil {
			return nil, err
		}
		a, err := s.Require(r, pid, setsafe.PermViewProduction)
		if err != nil {
			return nil, err
		}
		if a.PersonID == "" {
			return nil, setsafe.Errorf(setsafe.EForbidden, "Only people on the crew or cast list check in and out.")
		}
		who = a.PersonID
	}
	if out {
		return setsafe.CheckOutPerson{PersonID: who, OccurredAt: req.OccurredAt, ConfirmedBy: how}, nil
	}
	return setsafe.CheckInPerson{PersonID: who, OccurredAt: req.OccurredAt, ConfirmedBy: how}, nil
}

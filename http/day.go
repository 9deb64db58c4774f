package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// StopWorkCall is the command a stop-work request asks for, after checking
// the PIN of the person who calls it on a shared device.
func (s *Server) StopWorkCall(r *http.Request, req StopWorkRequest) (setsafe.CallStopWork, error) {
	c := setsafe.CallStopWork{ID: setsafe.NewID(), Scope: req.Scope, SetUpID: req.SetUpID, Hazard: req.Hazard, LocationID: req.LocationID, Reason: req.Reason,
		Injury: req.Injury}
	if req.Person == "" {
		return c, nil
	}
	c.By, c.ConfirmedBy = req.Person, setsafe.StopWorkByPIN
	return c, s.ConfirmPINs(r, setsafe.PermRunMeetings, Witness{PersonID: req.Person, PIN: req.PIN})
}

// Attendance builds the confirmation of a person's attendance at a
// meeting: with their PIN, which is checked, or without one by the
// signed-in person for themselves.
func (s *Server) Attendance(r *http.Request, meetingID string, req AttendanceRequest) (setsafe.Command, error) {
	c := setsafe.ConfirmAttendance{MeetingID: meetingID, PersonID: req.PersonID, ConfirmedBy: "session"}
	if req.PIN != "" {
		if err := s.ConfirmPINs(r, setsafe.PermRunMeetings, Witness{PersonID: req.PersonID, PIN: req.PIN}); err != nil {
			return nil, err
		}
		c.ConfirmedBy = "pin"
	}
	return c, nil
}

package http

import (
	"net/http"

	"github.com/setsafe/setsafe"
)

// OutOfServiceRequest takes a firearm out of service.
type OutOfServiceRequest struct {
	Reason string `json:"reason"`
}

// ReturnToOwnerRequest sends a firearm back to its owner.
type ReturnToOwnerRequest struct {
	Note string `json:"note,omitempty"`
}

// RoundsReturnRequest sends rounds of a lot back to their source.
type RoundsReturnRequest struct {
	Count int64  `json:"count"`
	Note  string `json:"note,omitempty"`
}

// DestroyRequest records rounds destroyed, witnessed by a second person
// who confirms with their PIN.
type DestroyRequest struct {
	Count   int64  `json:"count"`
	Method  string `json:"method"`
	Witness string `json:"witness"`
	PIN     string `json:"pin"`
}

func (s *Server) custodyEndRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const fa = prod + "/firearms/{firearm}"
	return []route{
		{method: "POST", path: fa + "/out-of-service", tag: tagArmory, summary: "Take a firearm out of service until its bore is inspected (FA-7).", signedIn: true,
			body: OutOfServiceRequest{}, response: FirearmResult{}, handle: decoded(s.takeOutOfService), example: OutOfServiceRequest{Reason: "Cylinder binds after the third round"}},
		{method: "POST", path: fa + "/return-to-owner", tag: tagArmory, summary: "Send a secured, empty firearm back to its owner; it leaves the armory.", signedIn: true,
			body: ReturnToOwnerRequest{}, response: FirearmResult{}, handle: decoded(s.returnToOwner), example: ReturnToOwnerRequest{Note: "Wrap; back to PDQ Arm & Prop"}},
		{method: "POST", path: prod + "/ammo-lots/{lot}/return", tag: tagArmory, summary: "Send rounds of a lot back to their source.", signedIn: true,
			body: RoundsReturnRequest{}, response: RecordedResult{}, handle: decoded(s.returnRounds), example: RoundsReturnRequest{Count: 150, Note: "Unused at wrap"}},
		{method: "POST", path: prod + "/ammo-lots/{lot}/destroy", tag: tagArmory, summary: "Record rounds destroyed, with a witness who confirms with their PIN.", signedIn: true,
			body: DestroyRequest{}, response: RecordedResult{}, handle: decoded(s.destroyRounds),
			example: DestroyRequest{Count: 2, Method: "disassembled", Witness: "a2c4e6g8j1l3n5q7", PIN: "6093"}},
	}
}

func (s *Server) takeOutOfService(w http.ResponseWriter, r *http.Request, req OutOfServiceRequest) error {
	return s.firearmAction(w, r, setsafe.TakeOutOfService{FirearmID: r.PathValue("firearm"), Reason: req.Reason})
}

func (s *Server) returnToOwner(w http.ResponseWriter, r *http.Request, req ReturnToOwnerRequest) error {
	return s.firearmAction(w, r, setsafe.ReturnToOwner{FirearmID: r.PathValue("firearm"), Note: req.Note})
}

func (s *Server) returnRounds(w http.ResponseWriter, r *http.Request, req RoundsReturnRequest) error {
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.ReturnRounds{LotID: r.PathValue("lot"), Count: req.Count, Note: req.Note})
}

func (s *Server) destroyRounds(w http.ResponseWriter, r *http.Request, req DestroyRequest) error {
	if err := s.confirmPINs(r, setsafe.PermArmory, Witness{PersonID: req.Witness, PIN: req.PIN}); err != nil {
		return err
	}
	return s.recordedAnswer(w, r, http.StatusOK, "", setsafe.DestroyRounds{LotID: r.PathValue("lot"), Count: req.Count, Method: req.Method, Witness: req.Witness})
}

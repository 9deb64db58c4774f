package api

import (
	"net/http"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

func (s *handlers) custodyEndRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	const fa = prod + "/firearms/{firearm}"
	return []route{
		{method: "POST", path: fa + "/out-of-service", tag: tagArmory, summary: "Take a firearm out of service until its bore is inspected (FA-7).", signedIn: true,
			body: sshttp.OutOfServiceRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.takeOutOfService), example: sshttp.OutOfServiceRequest{Reason: "Cylinder binds after the third round"}},
		{method: "POST", path: fa + "/return-to-owner", tag: tagArmory, summary: "Send a secured, empty firearm back to its owner; it leaves the armory.", signedIn: true,
			body: sshttp.ReturnToOwnerRequest{}, response: sshttp.FirearmResult{}, handle: decoded(s.returnToOwner), example: sshttp.ReturnToOwnerRequest{Note: "Wrap; back to PDQ Arm & Prop"}},
		{method: "POST", path: prod + "/ammo-lots/{lot}/return", tag: tagArmory, summary: "Send rounds of a lot back to their source.", signedIn: true,
			body: sshttp.RoundsReturnRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.returnRounds), example: sshttp.RoundsReturnRequest{Count: 150, Note: "Unused at wrap"}},
		{method: "POST", path: prod + "/ammo-lots/{lot}/destroy", tag: tagArmory, summary: "Record rounds destroyed, with a witness who confirms with their PIN.", signedIn: true,
			body: sshttp.DestroyRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.destroyRounds),
			example: sshttp.DestroyRequest{Count: 2, Method: "disassembled", Witness: "a2c4e6g8j1l3n5q7", PIN: "6093"}},
	}
}

func (s *handlers) takeOutOfService(w http.ResponseWriter, r *http.Request, req sshttp.OutOfServiceRequest) error {
	return s.firearmAction(w, r, setsafe.TakeOutOfService{FirearmID: r.PathValue("firearm"), Reason: req.Reason})
}

func (s *handlers) returnToOwner(w http.ResponseWriter, r *http.Request, req sshttp.ReturnToOwnerRequest) error {
	return s.firearmAction(w, r, setsafe.ReturnToOwner{FirearmID: r.PathValue("firearm"), Note: req.Note})
}

func (s *handlers) returnRounds(w http.ResponseWriter, r *http.Request, req sshttp.RoundsReturnRequest) error {
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.ReturnRounds{LotID: r.PathValue("lot"), Count: req.Count, Note: req.Note})
}

func (s *handlers) destroyRounds(w http.ResponseWriter, r *http.Request, req sshttp.DestroyRequest) error {
	if err := s.ConfirmPINs(r, setsafe.PermArmory, sshttp.Witness{PersonID: req.Witness, PIN: req.PIN}); err != nil {
		return err
	}
	return s.RecordedAnswer(w, r, http.StatusOK, "", setsafe.DestroyRounds{LotID: r.PathValue("lot"), Count: req.Count, Method: req.Method, Witness: req.Witness})
}

package http

import (
	"cmp"
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

// Preview runs the gate on an action without taking it: the same checks,
// at the same time, as when it is taken.
func (s *Server) Preview(r *http.Request, a setsafe.Access, st *setsafe.State, c setsafe.Gated) (gate.Verdict, error) {
	return setsafe.Preview(st, setsafe.Decision{Now: st.DecisionTime(s.Config.Clock.Now()), Actor: ActorFrom(r), Access: a}, c)
}

// FirearmWithPhotos reads the firearm named in the URL and its photos.
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

// HandOver builds the hand-off of firearm fid a request asks for, with
// the PINs of the giver and the receiver checked (see ConfirmHandOver):
// the API and the hand-off PIN pad send the same command.
func (s *Server) HandOver(r *http.Request, fid string, req HandOverRequest) (setsafe.Command, error) {
	switch {
	case req.To != "" && req.From != "":
		return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "Give or receive, not both.", Fields: map[string]string{"from": "leave out either to or from"}}
	case req.To == "" && req.From == "":
		return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: "Say who receives the firearm.", Fields: map[string]string{"to": "is required"}}
	}
	return s.ConfirmHandOver(r, setsafe.HandOver{FirearmID: fid, To: req.To, From: req.From, SetUpID: req.SetUpID}, req.GiverPIN, req.ReceiverPIN)
}

// AsConfirmed returns a hand-over as it would go once its giver and its
// receiver have both typed their PIN on the request's device: what a
// preview asks the gate, so that the board shows every other rule before
// anyone types. A hand-over the caller takes no part in stays unconfirmed.
func AsConfirmed(r *http.Request, a setsafe.Access, st *setsafe.State, c setsafe.HandOver) setsafe.HandOver {
	if giver, receiver := c.Confirmers(a, st); giver != "" {
		c.ConfirmedWithPIN = []string{giver, receiver}
	}
	c.Device = cmp.Or(Device(r), "preview") // recorded nowhere
	return c
}

// ShowClear builds the showing clear of firearm fid to the witnesses a
// request names, with each witness's PIN checked.
func (s *Server) ShowClear(r *http.Request, fid string, req ShowClearRequest) (setsafe.Command, error) {
	if err := s.ConfirmPINs(r, setsafe.PermArmory, req.Witnesses...); err != nil {
		return nil, err
	}
	ids := make([]string, len(req.Witnesses))
	for i, wt := range req.Witnesses {
		ids[i] = wt.PersonID
	}
	return setsafe.ShowClear{FirearmID: fid, AllChambers: req.AllChambers, Witnesses: ids}, nil
}

// VerifyInert builds the inert check of lot lotID a request records, with
// the witness's PIN checked; a check that finds failed rounds gets the ID of
// the live round report it records.
func (s *Server) VerifyInert(r *http.Request, lotID string, req InertRequest) (setsafe.VerifyInert, error) {
	c := setsafe.VerifyInert{LotID: lotID, Checked: req.Checked, Methods: req.Methods, Witness: req.Witness.PersonID,
		Failed: req.Failed, Failures: req.Failures, Note: req.Note}
	if req.Failed > 0 {
		c.Report = setsafe.NewID()
	}
	if req.Witness.PersonID == "" {
		return c, &setsafe.Error{Code: setsafe.EInvalid, Message: "Someone witnesses the check.",
			Fields: map[string]string{"witness": "is required: someone watches the check and confirms with their PIN"}}
	}
	return c, s.ConfirmPINs(r, setsafe.PermArmory, req.Witness)
}

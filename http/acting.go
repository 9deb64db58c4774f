package http

import (
	"cmp"
	"errors"
	"net/http"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// How a request acts on a production: who the caller is there and what
// they may do, the state the gate decides on, the command sent to the
// ledger, and the PINs that confirm it. Every handler, of the API and of
// the pages, goes through these.

// Require returns the caller's access to a ledger if it allows p.
func (s *Server) Require(r *http.Request, ledgerID string, p setsafe.Permission) (setsafe.Access, error) {
	seen, _ := r.Context().Value(accessKey).(*accessSeen)
	if seen != nil && seen.ledger == ledgerID && ledgerID != "" {
		return seen.access, seen.access.Require(p)
	}
	a, err := s.Config.Records.Access(r.Context(), ActorFrom(r), ledgerID)
	if err != nil {
		return a, err
	}
	if seen != nil {
		*seen = accessSeen{ledger: ledgerID, access: a}
	}
	return a, a.Require(p)
}

// Authorized returns the caller's access to the production in the URL,
// and its state, if the caller may send c, as c's own Authorize decides
// it when the ledger's writer appends it: the one place that says who may.
// Those who may not see the production are refused before its state is
// read. A nil c is authorized for those who see the production.
func (s *Server) Authorized(r *http.Request, c setsafe.Command) (setsafe.Access, *setsafe.State, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return setsafe.Access{}, nil, err
	}
	a, err := s.Require(r, pid, setsafe.PermViewProduction)
	if err != nil {
		return a, nil, err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return a, nil, err
	}
	if c != nil {
		err = c.Authorize(a, st)
	}
	return a, st, err
}

// Readable reads the production named in the URL for a caller who holds
// perm there: the caller's access and the production's state.
func (s *Server) Readable(r *http.Request, perm setsafe.Permission) (setsafe.Access, *setsafe.State, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return setsafe.Access{}, nil, err
	}
	a, err := s.Require(r, pid, perm)
	if err != nil {
		return a, nil, err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	return a, st, err
}

// Situation reads the production named in the URL as the gate sees it
// now for the caller's own actions, for a caller who holds perm.
func (s *Server) Situation(r *http.Request, perm setsafe.Permission) (setsafe.Access, *setsafe.State, *gate.Situation, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return setsafe.Access{}, nil, nil, err
	}
	a, err := s.Require(r, pid, perm)
	if err != nil {
		return a, nil, nil, err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return a, nil, nil, err
	}
	sit, err := st.SituationFor(st.DecisionTime(s.Config.Clock.Now()), gate.Action{From: a.PersonID})
	return a, st, sit, err
}

// Act appends a command to the production named in the URL, within the
// caller's limit on reports.
func (s *Server) Act(r *http.Request, c setsafe.Command) (string, []setsafe.Event, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return "", nil, err
	}
	actor := ActorFrom(r)
	c, done, err := s.limitReport(pid, actor, c)
	if err != nil {
		s.refused(LimiterPersonReports, err)
		return pid, nil, err
	}
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(pid, actor, c))
	done(len(evs) > 0)
	return pid, evs, err
}

// RecordedAnswer sends c and answers with the entries it recorded and id,
// the ID of what it made, if any.
func (s *Server) RecordedAnswer(w http.ResponseWriter, r *http.Request, status int, id string, c setsafe.Command) error {
	_, evs, err := s.Act(r, c)
	if err != nil {
		return err
	}
	WriteJSON(w, status, RecordedResult{Recorded: Recorded(evs), ID: id})
	return nil
}

// ConfirmPINs checks the PINs of the people who confirm an action, after
// checking that the caller holds perm, so that nobody outside the
// production can spend someone's attempts.
func (s *Server) ConfirmPINs(r *http.Request, perm setsafe.Permission, who ...Witness) error {
	pid, err := ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, pid, perm); err != nil {
		return err
	}
	for _, w := range who {
		if err := s.checkPIN(r, pid, w.PersonID, w.PIN); err != nil {
			return err
		}
	}
	return nil
}

// checkPIN checks one person's PIN, counting wrong attempts toward the
// lockout. The caller has authorized the request.
func (s *Server) checkPIN(r *http.Request, pid, personID, pin string) error {
	if pin == "" || len(pin) > 12 || strings.Trim(pin, "0123456789") != "" {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "Type the PIN: 4 to 8 digits.", Fields: map[string]string{"pin": "must be the person's PIN, digits only"}}
	}
	err := s.Config.Armory.CheckPIN(r.Context(), pid, personID, func(hash string) (bool, error) {
		// Remembered only for this person on this device.
		ok, err := s.pins.Verify(Device(r), pin, hash)
		return ok, HashingError(err)
	})
	s.refused(LimiterPINs, err)
	return err
}

// ConfirmHandOver checks the PINs of the giver and the receiver the
// domain names (see setsafe.HandOver.Confirmers) as confirmTwo does, and
// returns the hand-over confirmed.
func (s *Server) ConfirmHandOver(r *http.Request, c setsafe.HandOver, giverPIN, receiverPIN string) (setsafe.HandOver, error) {
	a, st, err := s.Authorized(r, c)
	if err != nil {
		return c, err
	}
	if st.Firearm(c.FirearmID) == nil {
		return c, setsafe.Errorf(setsafe.ENotFound, "There is no firearm %q in this production.", c.FirearmID)
	}
	confirmed, err := s.confirmTwo(r, a, st, c, giverPIN, receiverPIN)
	if err != nil {
		return c, err
	}
	return confirmed.(setsafe.HandOver), nil
}

// HandOverDuty builds the handover of the caller's armorer duty a request
// asks for, with the PINs of both armorers checked as a firearm
// hand-off's are (see confirmTwo): the API and the page send the same
// command.
func (s *Server) HandOverDuty(r *http.Request, req DutyHandOverRequest) (setsafe.Command, error) {
	c := setsafe.HandOverDuty{To: req.To}
	a, st, err := s.Authorized(r, c)
	if err != nil {
		return nil, err
	}
	return s.confirmTwo(r, a, st, c, req.GiverPIN, req.ReceiverPIN)
}

// confirmTwo checks the PINs of the giver and the receiver the domain
// names for a command two people confirm (setsafe.PINConfirmed), each
// against that person, and returns the command confirmed by those that
// were typed and right, on the request's device (see Device). A PIN left
// out confirms nobody, and the caller's session never stands for one: the
// gate then refuses it under FA-3, and records it. When the caller takes
// no part in it, it goes on unconfirmed, without spending anybody's PIN
// attempts.
func (s *Server) confirmTwo(r *http.Request, a setsafe.Access, st *setsafe.State, c setsafe.PINConfirmed, giverPIN, receiverPIN string) (setsafe.PINConfirmed, error) {
	giver, receiver := c.Confirmers(a, st)
	if giver == "" {
		return c.Confirmed(nil, Device(r)), nil
	}
	var who []string
	for _, p := range []struct{ who, pin, field string }{{giver, giverPIN, "giver_pin"}, {receiver, receiverPIN, "receiver_pin"}} {
		if p.pin == "" {
			continue
		}
		if err := s.checkPIN(r, st.Ledger, p.who, p.pin); err != nil {
			return c, whosePIN(err, st, p.who, p.field)
		}
		who = append(who, p.who)
	}
	return c.Confirmed(who, Device(r)), nil
}

// whosePIN says whose PIN a refusal of one is about, by name and by the
// request's field, since a hand-off takes two.
func whosePIN(err error, st *setsafe.State, who, field string) error {
	var se *setsafe.Error
	if !errors.As(err, &se) || se.Code == setsafe.EInternal {
		return err
	}
	e := *se
	name := "person " + who
	if p := st.Person(who); p != nil {
		name = p.Name
	}
	e.Message = name + ": " + se.Message
	e.Fields = map[string]string{field: cmp.Or(se.Fields["pin"], "must be "+name+"'s own PIN")}
	return &e
}

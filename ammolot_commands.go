package setsafe

import (
	"fmt"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

// LotKinds are the kinds of rounds; "live" exists only to be refused.
var LotKinds = []string{string(gate.LotBlank), string(gate.LotDummy), string(gate.LotLive)}

// InertMethods are the ways a dummy round is checked inert.
var InertMethods = []string{"rattle", "drilled_case", "no_primer"}

// ReceiveAmmoLot receives a lot of rounds into the production. A live lot
// is refused (AM-1); every lot is recorded with source, headstamp, calibre
// and count (AM-4).
type ReceiveAmmoLot struct {
	ID           string
	Label        string
	Kind         string
	LoadStrength string
	Calibre      string
	Source       string
	Headstamp    string
	Count        int64
	By           string
}

// Authorize implements Command: anyone who takes part in the production
// may try; the gate decides.
func (c ReceiveAmmoLot) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c ReceiveAmmoLot) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	b := &AmmoLotReceived{ID: c.ID,
		Label:        cleanText(p, "label", c.Label, MaxShortText, true),
		Kind:         c.Kind,
		LoadStrength: cleanText(p, "load_strength", c.LoadStrength, MaxShortText, false),
		Calibre:      cleanText(p, "calibre", c.Calibre, MaxShortText, false),
		Source:       cleanText(p, "source", c.Source, MaxShortText, false),
		Headstamp:    cleanText(p, "headstamp", c.Headstamp, MaxShortText, false),
		Count:        c.Count,
	}
	oneOf(p, "kind", c.Kind, LotKinds)
	if c.Count < 1 || c.Count > 1_000_000 {
		p.Add("count", "must be between 1 and 1000000")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.AmmoLot(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Lot %s exists already.", c.ID)
	}
	lot := &gate.Lot{Label: b.Label, Kind: gate.LotKind(b.Kind), Calibre: b.Calibre, Source: b.Source, Headstamp: b.Headstamp, Count: int(b.Count)}
	return gated(s, d, gate.Action{Kind: gate.ReceiveLot, From: by, NewLot: lot}, Draft{Body: b})
}

// VerifyInert records that a dummy lot's rounds were checked inert (AM-3).
type VerifyInert struct {
	LotID   string
	Method  string
	Checked int64
	By      string
}

// Authorize implements Command.
func (c VerifyInert) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c VerifyInert) Decide(s *State, d Decision) (Outcome, error) {
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	l := s.AmmoLot(c.LotID)
	if l == nil {
		return Outcome{}, Errorf(ENotFound, "There is no ammunition lot %s.", c.LotID)
	}
	p := Problems{}
	oneOf(p, "method", c.Method, InertMethods)
	if c.Checked < 1 || c.Checked > l.InStock {
		p.Add("checked", "must be between 1 and the %d rounds in stock", l.InStock)
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if l.Kind != string(gate.LotDummy) {
		return Outcome{}, Errorf(EConflict, "Lot %s holds %s rounds; only dummies are verified inert.", l.Label, l.Kind)
	}
	return one(&AmmoLotVerifiedInert{LotID: l.ID, Method: c.Method, Checked: c.Checked, By: by}), nil
}

// DestroyMethods are the ways rounds are destroyed.
var DestroyMethods = []string{"fired_off_set", "disassembled", "sent_to_disposal"}

// ReturnRounds sends rounds of a lot back to their source.
type ReturnRounds struct {
	LotID string
	Count int64
	Note  string
}

// Authorize implements Command.
func (c ReturnRounds) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ReturnRounds) Decide(s *State, d Decision) (Outcome, error) {
	l, err := lotWithRounds(s, c.LotID, c.Count)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	note := cleanReason(p, "note", c.Note, false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	return one(&RoundsReturned{LotID: l.ID, Count: c.Count, Note: note}), nil
}

// DestroyRounds records rounds of a lot destroyed, with a witness other
// than the armorer.
type DestroyRounds struct {
	LotID   string
	Count   int64
	Method  string
	Witness string
	By      string
}

// Authorize implements Command.
func (c DestroyRounds) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c DestroyRounds) Decide(s *State, d Decision) (Outcome, error) {
	l, err := lotWithRounds(s, c.LotID, c.Count)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	oneOf(p, "method", c.Method, DestroyMethods)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if _, err := activePerson(s, c.Witness); err != nil {
		return Outcome{}, err
	}
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	if by == c.Witness {
		return Outcome{}, &Error{Code: EInvalid, Message: "A second person witnesses.", Fields: map[string]string{"witness": "must be someone other than the armorer"}}
	}
	return one(&RoundsDestroyed{LotID: l.ID, Count: c.Count, Method: c.Method, Witness: c.Witness}), nil
}

func lotWithRounds(s *State, id string, n int64) (*AmmoLot, error) {
	l := s.AmmoLot(id)
	if l == nil {
		return nil, Errorf(ENotFound, "There is no ammunition lot %s.", id)
	}
	if n < 1 || n > l.InStock {
		return nil, &Error{Code: EInvalid, Message: "That many rounds are not in the box.",
			Fields: map[string]string{"count": fmt.Sprintf("must be between 1 and the %d rounds in stock of lot %s", l.InStock, strings.TrimSpace(l.Label))}}
	}
	return l, nil
}

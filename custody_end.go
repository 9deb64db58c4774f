package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[FirearmOutOfService](1, "Taken out of service")
	register[FirearmReturnedToOwner](1, "Returned to its owner")
	register[RoundsReturned](1, "Rounds returned to the supplier")
	register[RoundsDestroyed](1, "Rounds destroyed before a witness")
}

// FirearmOutOfService records the armorer taking a firearm out of service:
// a suspected obstruction, a fault found at inspection (FA-7).
type FirearmOutOfService struct {
	FirearmID string `json:"firearm_id"`
	Reason    string `json:"reason"`
}

func (b *FirearmOutOfService) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil {
		return fmt.Errorf("firearm %s does not exist", b.FirearmID)
	}
	f.OutOfService, f.LastSeq = true, e.Seq
	s.put(f)
	return nil
}

func (b *FirearmOutOfService) refers() References {
	return References{Firearms: []string{b.FirearmID}}
}

// FirearmReturnedToOwner records a firearm leaving the production, back to
// the rental house or the armorer's kit it came from.
type FirearmReturnedToOwner struct {
	FirearmID string `json:"firearm_id"`
	Owner     string `json:"owner"`
	Note      string `json:"note"`
}

func (b *FirearmReturnedToOwner) apply(s *State, e Event) error {
	f := edit(s.Firearm(b.FirearmID))
	if f == nil || f.Store == "" || f.LoadedRounds > 0 {
		return fmt.Errorf("firearm %s cannot go back to its owner", b.FirearmID)
	}
	f.Returned, f.Store, f.CustodySince, f.LastSeq = true, "returned to "+b.Owner, e.Time, e.Seq
	s.put(f)
	return nil
}

func (b *FirearmReturnedToOwner) refers() References {
	return References{Firearms: []string{b.FirearmID}}
}

// RoundsReturned records rounds of a lot going back to their source.
type RoundsReturned struct {
	LotID string `json:"lot_id"`
	Count int64  `json:"count"`
	Note  string `json:"note"`
}

func (b *RoundsReturned) apply(s *State, e Event) error {
	return s.takeRounds(e, b.LotID, b.Count, func(l *AmmoLot) { l.Returned += b.Count })
}

func (b *RoundsReturned) refers() References {
	return References{Lots: []string{b.LotID}}
}

// RoundsDestroyed records rounds of a lot destroyed, how, and who
// witnessed it.
type RoundsDestroyed struct {
	LotID   string `json:"lot_id"`
	Count   int64  `json:"count"`
	Method  string `json:"method"`
	Witness string `json:"witness"`
}

func (b *RoundsDestroyed) apply(s *State, e Event) error {
	return s.takeRounds(e, b.LotID, b.Count, func(l *AmmoLot) { l.Destroyed += b.Count })
}

func (b *RoundsDestroyed) refers() References {
	return References{Lots: []string{b.LotID}, People: named(b.Witness)}
}

// EventType implementations.
func (*FirearmOutOfService) EventType() string    { return "firearm.out_of_service" }
func (*FirearmReturnedToOwner) EventType() string { return "firearm.returned_to_owner" }
func (*RoundsReturned) EventType() string         { return "ammo_lot.rounds_returned" }
func (*RoundsDestroyed) EventType() string        { return "ammo_lot.rounds_destroyed" }

func (s *State) takeRounds(e Event, lotID string, n int64, record func(*AmmoLot)) error {
	l := edit(s.AmmoLot(lotID))
	if l == nil || n < 1 || n > l.InStock {
		return fmt.Errorf("cannot take %d rounds out of lot %s", n, lotID)
	}
	l.InStock, l.LastSeq = l.InStock-n, e.Seq
	record(l)
	s.put(l)
	return nil
}

// TakeOutOfService takes a firearm out of service until the armorer
// inspects its bore and clears it (FA-7).
type TakeOutOfService struct {
	FirearmID string
	Reason    string
}

// Authorize implements Command.
func (c TakeOutOfService) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c TakeOutOfService) Decide(s *State, d Decision) (Outcome, error) {
	f, err := existingFirearm(s, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	reason := cleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if f.OutOfService {
		return Outcome{}, nil
	}
	return one(&FirearmOutOfService{FirearmID: f.ID, Reason: reason}), nil
}

// ReturnToOwner sends a secured, empty firearm back to its owner; it leaves
// the production's armory.
type ReturnToOwner struct {
	FirearmID string
	Note      string
}

// Authorize implements Command.
func (c ReturnToOwner) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ReturnToOwner) Decide(s *State, d Decision) (Outcome, error) {
	f, err := existingFirearm(s, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	note := cleanReason(p, "note", c.Note, false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if f.Store == "" || f.LoadedRounds > 0 {
		return Outcome{}, Errorf(EConflict, "Unload %s and lock it in the store before it goes back to its owner.", f.Name())
	}
	return one(&FirearmReturnedToOwner{FirearmID: f.ID, Owner: f.Owner, Note: note}), nil
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

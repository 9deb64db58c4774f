package setsafe

import (
	"fmt"
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

// LotKinds are the kinds of rounds; "live" exists only to be refused.
var LotKinds = []string{string(gate.LotBlank), string(gate.LotDummy), string(gate.LotLive)}

// InertMethods are the ways a dummy round is checked inert.
var InertMethods = []string{"rattle", "drilled_case", "no_primer", "weight"}

// OriginKinds are where a lot's rounds can be made: by a maker, by a rental
// house, or made up on set or in the shop.
var OriginKinds = []string{string(gate.OriginFactory), string(gate.OriginRentalHouse), string(gate.OriginMadeUp)}

// MadeFromKinds are what made-up rounds are made from: new empty cases and
// inert projectiles, or components of live cartridges ("live_cartridges"
// exists only to be refused: such rounds keep their primers).
var MadeFromKinds = []string{string(gate.MadeFromNewComponents), string(gate.MadeFromLiveCartridges)}

// ReceiveAmmoLot receives a lot of rounds into the production. A live lot,
// or one made up from live cartridges, is refused (AM-1); every lot is
// recorded with source, headstamp, calibre, count and origin (AM-4).
type ReceiveAmmoLot struct {
	ID           string
	Label        string
	Kind         string
	LoadStrength string
	Calibre      string
	Source       string
	Headstamp    string
	Count        int64
	Origin       LotOrigin
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
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	b := &AmmoLotReceived{ID: c.ID,
		Label:        CleanText(p, "label", c.Label, MaxShortText, true),
		Kind:         c.Kind,
		LoadStrength: CleanText(p, "load_strength", c.LoadStrength, MaxShortText, false),
		Calibre:      CleanText(p, "calibre", c.Calibre, MaxShortText, false),
		Source:       CleanText(p, "source", c.Source, MaxShortText, false),
		Headstamp:    CleanText(p, "headstamp", c.Headstamp, MaxShortText, false),
		Count:        c.Count,
		Origin:       cleanOrigin(p, c.Origin),
	}
	OneOf(p, "kind", c.Kind, LotKinds)
	if c.Count < 1 || c.Count > 1_000_000 {
		p.Add("count", "must be between 1 and 1000000")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.AmmoLot(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Lot %s exists already.", c.ID)
	}
	o := b.Origin
	lot := &gate.Lot{Label: b.Label, Kind: gate.LotKind(b.Kind), Calibre: b.Calibre, Source: b.Source, Headstamp: b.Headstamp, Count: int(b.Count),
		Origin: gate.Origin{Kind: gate.OriginKind(o.Kind), Maker: o.Maker, Product: o.Product, House: o.House, HouseLot: o.HouseLot, MadeFrom: gate.MadeFrom(o.MadeFrom)}}
	return gated(s, d, gate.Action{Kind: gate.ReceiveLot, From: by, NewLot: lot}, Draft{Body: b})
}

// cleanOrigin checks an origin's words and keeps only the fields of its
// kind. A missing origin or a missing detail is for the gate to name
// (AM-4); a kind that is none of the known ones is a mistake in the form.
func cleanOrigin(p Problems, o LotOrigin) LotOrigin {
	out := LotOrigin{Kind: o.Kind}
	if o.Kind != "" {
		OneOf(p, "origin.kind", o.Kind, OriginKinds)
	}
	switch o.Kind {
	case string(gate.OriginFactory):
		out.Maker = CleanText(p, "origin.maker", o.Maker, MaxShortText, false)
		out.Product = CleanText(p, "origin.product", o.Product, MaxShortText, false)
	case string(gate.OriginRentalHouse):
		out.House = CleanText(p, "origin.house", o.House, MaxShortText, false)
		out.HouseLot = CleanText(p, "origin.house_lot", o.HouseLot, MaxShortText, false)
	case string(gate.OriginMadeUp):
		if o.MadeFrom != "" {
			OneOf(p, "origin.made_from", o.MadeFrom, MadeFromKinds)
		}
		out.MadeFrom = o.MadeFrom
	}
	return out
}

// VerifyInert records rounds of a dummy lot checked inert (AM-3): how
// many, by which checks, before a witness (whose PIN the caller checked).
// When Failed of them failed a check (Failures: did not rattle, has a
// primer, weighs wrong, case not drilled), the lot is quarantined at once
// and a live round report, Report, stops all firearm work (AM-1). A
// quarantined lot is checked again only once that report is cleared (the
// lot removed from set), by someone other than who found the failure.
type VerifyInert struct {
	LotID    string
	Checked  int64
	Methods  []string
	Witness  string
	Failed   int64
	Failures []string
	Note     string
	// Report is the ID of the live round report a failure records.
	Report string
	By     string
}

// Authorize implements Command.
func (c VerifyInert) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c VerifyInert) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	l := s.AmmoLot(c.LotID)
	if l == nil {
		return Outcome{}, Errorf(ENotFound, "There is no ammunition lot %s.", c.LotID)
	}
	if l.Kind != string(gate.LotDummy) {
		return Outcome{}, Errorf(EConflict, "Lot %s holds %s rounds; only dummies are verified inert.", l.Label, l.Kind)
	}
	// Rounds already checked and in the box are not counted twice; a
	// quarantined lot is checked again from the start, and a check that
	// finds a failed round may have looked at any round in the box.
	unchecked := l.InStock - l.VerifiedRounds
	if l.Quarantined || c.Failed > 0 {
		unchecked = l.InStock
	}
	p := Problems{}
	methods := checkMethods(p, "methods", c.Methods, true)
	failures := checkMethods(p, "failures", c.Failures, c.Failed > 0)
	note := CleanReason(p, "note", c.Note, false)
	switch {
	case c.Checked < 1 || c.Checked > unchecked:
		p.Add("checked", "must be between 1 and the %d rounds of lot %s not checked yet", unchecked, strings.TrimSpace(l.Label))
	case c.Failed < 0 || c.Failed > c.Checked:
		p.Add("failed", "must be between 0 and the %d rounds checked", c.Checked)
	}
	for _, f := range failures {
		if !slices.Contains(methods, f) {
			p.Add("failures", "must be among the checks made")
		}
	}
	if c.Failed == 0 && len(failures) > 0 {
		p.Add("failed", "must say how many rounds failed")
	}
	if c.Witness == "" {
		p.Add("witness", "is required: someone watches the check and confirms with their PIN")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if _, err := ActivePerson(s, c.Witness); err != nil {
		return Outcome{}, err
	}
	if c.Witness == by {
		return Outcome{}, &Error{Code: EInvalid, Message: "A second person witnesses.", Fields: map[string]string{"witness": "must be someone other than who checks"}}
	}
	if l.Quarantined {
		if x := s.LiveRoundReport(l.QuarantineReport); x != nil && !x.Cleared {
			return Outcome{}, Errorf(EConflict, "Lot %s failed its inert check; it is checked again only once it is removed from set and a second person verifies (live round report %s).", l.Label, x.ID)
		}
		if by == l.QuarantinedBy {
			return Outcome{}, &Error{Code: EInvalid, Message: "A second person checks the lot again.",
				Fields: map[string]string{"by": "must be someone other than who found the failed round"}}
		}
	}
	if c.Failed == 0 {
		return one(&AmmoLotVerifiedInert{LotID: l.ID, Checked: c.Checked, Methods: methods, By: by, Witness: c.Witness}), nil
	}
	CheckID(p, "report", c.Report)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.LiveRoundReport(c.Report) != nil {
		return Outcome{}, Errorf(EConflict, "Report %s exists already.", c.Report)
	}
	words := make([]string, len(failures))
	for i, f := range failures {
		words[i] = inertFailureWords[f]
	}
	report := &LiveRoundReported{ID: c.Report, ReportedBy: by,
		Description: fmt.Sprintf("Lot %s failed its inert check: %d of %d rounds checked failed (%s)", strings.TrimSpace(l.Label), c.Failed, c.Checked, strings.Join(words, ", "))}
	return Outcome{Events: []Draft{{Body: report}, {Body: &AmmoLotCheckFailed{LotID: l.ID, Checked: c.Checked, Methods: methods, Failed: c.Failed,
		Failures: failures, Note: note, Report: c.Report, By: by, Witness: c.Witness}}}}, nil
}

// inertFailureWords say what a round that fails each check is like.
var inertFailureWords = map[string]string{
	"rattle":       "does not rattle",
	"drilled_case": "case not drilled",
	"no_primer":    "has a primer",
	"weight":       "weighs wrong",
}

// checkMethods checks a list of inert checks, each one of [InertMethods],
// and returns it sorted, each once.
func checkMethods(p Problems, field string, methods []string, required bool) []string {
	out := []string{}
	for _, m := range methods {
		if !slices.Contains(InertMethods, m) {
			p.Add(field, "must each be one of %s", strings.Join(InertMethods, ", "))
			return nil
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if required && len(out) == 0 {
		p.Add(field, "must name at least one of %s", strings.Join(InertMethods, ", "))
	}
	slices.Sort(out)
	return out
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
	note := CleanReason(p, "note", c.Note, false)
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
	OneOf(p, "method", c.Method, DestroyMethods)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if _, err := ActivePerson(s, c.Witness); err != nil {
		return Outcome{}, err
	}
	by, err := ActingPerson(s, d, c.By)
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

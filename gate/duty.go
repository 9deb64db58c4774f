package gate

import (
	"fmt"
	"slices"
	"strings"
)

// This file holds the rules of duty continuity: firearm custody never
// ends up with nobody qualified in charge (FA-2, FA-3, PR-3).

// qualified says whether a person is a qualified armorer on duty: on
// armorer duty, and, where PR-3 is in force, holding a current armorer's
// permit.
func (c *decision) qualified(id string) bool {
	return c.armorer(id) && c.permitted(id)
}

// permitted says whether a person holds a current armorer's permit, or
// the rules in force ask for none (PR-3 off).
func (c *decision) permitted(id string) bool {
	if !c.s.Rules.Applies(PR3) {
		return true
	}
	p := c.person(id)
	if p == nil {
		return false
	}
	return holdsPermit(p, PermitArmorer, c.s.Now)
}

// qualifiedOnDuty returns the qualified armorers on duty, but for those
// left out, in order.
func (c *decision) qualifiedOnDuty(except ...string) []string {
	var out []string
	for id := range c.s.People {
		if !slices.Contains(except, id) && c.qualified(id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// out returns the firearms out of their store, with a person, or loaded,
// as a reason names them, in order of name.
func (c *decision) out() Outs {
	var out Outs
	for _, f := range c.s.Firearms {
		if f.Custodian == "" && f.LoadedLot == "" {
			continue
		}
		o := Out{Firearm: f.Name, Rounds: f.LoadedRounds, Store: f.Store}
		if o.Firearm == "" {
			o.Firearm = "firearm " + f.ID
		}
		if f.Custodian != "" {
			o.Holder = c.name(f.Custodian)
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Out) int { return strings.Compare(a.Firearm, b.Firearm) })
	return out
}

// DutyGap returns the IDs of the firearms out of their store (with a
// person) or loaded while nobody qualified is on armorer duty, in order; none
// while a qualified armorer is on duty. Such a gap opens only when the
// last qualified armorer stopped anyway: in an emergency override, or when
// a permit ran out. While it lasts no firearm work goes ahead (FA-2); a
// qualified armorer coming on duty closes it.
func DutyGap(s *Situation) []string {
	c := &decision{s: s}
	if len(c.qualifiedOnDuty()) > 0 {
		return nil
	}
	var out []string
	for id, f := range s.Firearms {
		if f.Custodian != "" || f.LoadedLot != "" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// firearmAction says whether the action is firearm work: anything done
// with a firearm or rounds, or a set-up with firearms.
func (c *decision) firearmAction() bool {
	switch c.a.Kind {
	case Handover, Load, Unsecure, ReceiveFirearm, ReceiveLot:
		return true
	case StartSetUp:
		return c.firearmWork()
	}
	return false
}

// checkDutyContinuity refuses the last qualified armorer on duty leaving it
// while firearms are out or loaded, unless another takes it over, and
// stops all firearm work while nobody qualified is on duty (FA-2).
func checkDutyContinuity(c *decision) {
	if c.firearmAction() {
		if len(DutyGap(c.s)) > 0 {
			c.fail("Nobody qualified is on armorer duty while %s; no firearm work goes ahead until a qualified armorer comes on duty", c.out())
		}
		return
	}
	if c.a.Kind != EndDuty || !c.qualified(c.a.From) || len(c.qualifiedOnDuty(c.a.From)) > 0 {
		return
	}
	if c.a.To != "" && hasDuty(c.person(c.a.To), DutyArmorer, DutyAssistantArmorer) && c.permitted(c.a.To) {
		return // PR-3 and FA-3 check the one taking over
	}
	if out := c.out(); len(out) > 0 {
		c.fail("%s is the last qualified armorer on duty and cannot leave it while %s; another qualified armorer takes over the duty first, both confirming with their own PIN", c.name(c.a.From), out)
	}
}

// checkDutyQualified lets only a qualified armorer come on duty or take
// it over (PR-3).
func checkDutyQualified(c *decision) {
	switch {
	case c.a.Kind == StartDuty && !c.permitted(c.a.From):
		c.fail("%s has no current armorer's permit on record; only a qualified armorer comes on duty", c.name(c.a.From))
	case c.a.Kind != EndDuty || c.a.To == "":
	case !hasDuty(c.person(c.a.To), DutyArmorer, DutyAssistantArmorer):
		c.fail("%s does not hold an armorer's role and cannot take over the armorer's duty", c.name(c.a.To))
	case !c.permitted(c.a.To):
		c.fail("%s has no current armorer's permit on record and cannot take over the armorer's duty", c.name(c.a.To))
	}
}

// checkDutyConfirmed refuses a duty handover that the armorer handing
// over and the one taking over did not both confirm with their own PIN
// (FA-3), as a firearm hand-off.
func checkDutyConfirmed(c *decision) {
	if c.a.Kind != EndDuty || c.a.To == "" {
		return
	}
	for _, who := range []string{c.a.From, c.a.To} {
		if !slices.Contains(c.a.ConfirmedWithPIN, who) {
			c.fail("%s has not confirmed the duty handover with their own PIN; both armorers type theirs, and a signed-in session never confirms alone", c.name(who))
		}
	}
}

// Out is a firearm out of its store or loaded, as a reason names it.
type Out struct {
	// Firearm is its name.
	Firearm string
	// Holder is the name of the person holding it, or "" when it is in
	// Store.
	Holder string
	Store  string
	// Rounds is how many rounds are loaded in it.
	Rounds int
}

// Outs are firearms out of their store or loaded, for a reason's blank.
type Outs []Out

// String says where each firearm is, in English.
func (o Outs) String() string { return o.Say(func(s string) string { return s }) }

// Say says where each firearm is, with text putting the phrases of
// OutWords into a language.
func (o Outs) Say(text func(string) string) string {
	parts := make([]string, len(o))
	for i, f := range o {
		if f.Holder != "" {
			parts[i] = fmt.Sprintf(text("%s is with %s"), f.Firearm, f.Holder)
		} else {
			parts[i] = fmt.Sprintf(text("%s is in %s"), f.Firearm, f.Store)
		}
		switch {
		case f.Rounds == 1:
			parts[i] += text(", loaded with 1 round")
		case f.Rounds > 1:
			parts[i] += fmt.Sprintf(text(", loaded with %d rounds"), f.Rounds)
		}
	}
	return strings.Join(parts, "; ")
}

// OutWords are the phrases Outs.Say puts into a language.
var OutWords = []string{"%s is with %s", "%s is in %s", ", loaded with 1 round", ", loaded with %d rounds"}

package setsafe

import "github.com/setsafe/setsafe/gate"

// StartDuty brings the armorer acting onto armorer duty. Only a qualified
// armorer comes on duty: holding an armorer's role, and a current permit
// where the rules ask for one (PR-3).
type StartDuty struct {
	By string
}

// Authorize implements Command.
func (c StartDuty) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c StartDuty) Decide(s *State, d Decision) (Outcome, error) {
	by, err := dutyHolder(s, d, c.By)
	if err != nil || s.OnArmorerDuty(by) {
		return Outcome{}, err
	}
	return gated(s, d, gate.Action{Kind: gate.StartDuty, From: by}, Draft{Body: &DutyStarted{PersonID: by}})
}

// EndDuty takes an armorer off armorer duty: the armorer acting, or, in an
// emergency, PersonID, for a producer or a site administrator. The last
// qualified armorer on duty does not go off it while firearms are out or
// loaded (FA-2), unless Emergency is set, with a Reason: then it is
// recorded as overridden, and the firearms are left in a duty gap.
type EndDuty struct {
	PersonID  string
	Emergency bool
	Reason    string
	By        string
}

// Authorize implements Command.
func (c EndDuty) Authorize(a Access, _ *State) error {
	if c.Emergency {
		return authorizeEmergency(a)
	}
	return a.Require(PermArmory)
}

// Decide implements Command.
func (c EndDuty) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, c.Emergency)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	who := c.PersonID
	if !c.Emergency || who == "" {
		by, err := ActingPerson(s, d, c.By)
		if err != nil {
			return Outcome{}, err
		}
		if who != "" && who != by {
			return Outcome{}, &Error{Code: EForbidden, Message: "Only an armorer takes themselves off duty; in an emergency a producer or a site administrator may, saying why.",
				Fields: map[string]string{"emergency": "must be true to take someone else off duty"}}
		}
		who = by
	}
	if err := armorerPerson(s, who); err != nil || !s.OnArmorerDuty(who) {
		return Outcome{}, err
	}
	if !c.Emergency {
		for _, f := range grouped[*Firearm](s, firearmsOut, "") {
			if f.Custodian == who {
				return Outcome{}, Errorf(EConflict, "You still hold %s; secure it, or hand it to an armorer on duty, before going off duty.", f.Name())
			}
		}
	}
	return endingDuty(s, d, who, DutyChangeOffDuty, c.Emergency, reason, Draft{Body: &DutyEnded{PersonID: who, Reason: reason}})
}

// HandOverDuty hands the armorer's duty from the armorer acting to To,
// another armorer, who takes it with the firearms out or loaded, and with
// those the armorer acting holds into their own hands. Both confirm with
// their own PIN on the device it happens on, as a firearm hand-off (see
// [HandOver]): the caller checks the PINs of the [HandOverDuty.Confirmers]
// and says whose were right in ConfirmedWithPIN.
type HandOverDuty struct {
	To               string
	ConfirmedWithPIN []string
	// Device names the device the PINs were typed on (see
	// [HandOver.Device]).
	Device string
	By     string
}

// Authorize implements Command.
func (c HandOverDuty) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Confirmers returns the armorer handing the duty over and the one taking
// it, whose own PINs confirm it when a sends it: the sender, when on
// armorer duty, and To. It returns two empty names when the sender has no
// duty to hand over: then nobody's PIN attempts are spent on it.
func (c HandOverDuty) Confirmers(a Access, s *State) (giver, receiver string) {
	if a.PersonID == "" || c.To == "" || c.To == a.PersonID || !s.OnArmorerDuty(a.PersonID) {
		return "", ""
	}
	return a.PersonID, c.To
}

// Confirmed returns the handover confirmed by the people whose PINs were
// right on device.
func (c HandOverDuty) Confirmed(who []string, device string) PINConfirmed {
	c.ConfirmedWithPIN, c.Device = who, device
	return c
}

// Decide implements Command.
func (c HandOverDuty) Decide(s *State, d Decision) (Outcome, error) {
	by, err := dutyHolder(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkDevice(p, c.Device)
	switch {
	case c.To == "":
		p.Add("to", "is required: the armorer who takes over the duty")
	case c.To == by:
		p.Add("to", "must be someone other than you")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if _, err := ActivePerson(s, c.To); err != nil {
		return Outcome{}, err
	}
	if !s.OnArmorerDuty(by) {
		return Outcome{}, Errorf(EConflict, "You are not on armorer duty; there is no duty to hand over.")
	}
	a := gate.Action{Kind: gate.EndDuty, From: by, To: c.To, ConfirmedWithPIN: c.ConfirmedWithPIN}
	b := &DutyHandedOver{From: by, To: c.To, Firearms: s.dutyFirearms(), ConfirmedWithPIN: []string{by, c.To}, Device: c.Device}
	return gated(s, d, a, Draft{Body: b})
}

// PINConfirmed is a command two people confirm with their own PIN on the
// device it is sent from: a firearm hand-off or a duty handover. The
// caller checks the PINs of its Confirmers and sends the command
// Confirmed by those that were right.
type PINConfirmed interface {
	Command
	// Confirmers returns the giver and the receiver whose PINs confirm it
	// when a sends it, or two empty names when a takes no part in it.
	Confirmers(a Access, s *State) (giver, receiver string)
	// Confirmed returns the command confirmed by who on device.
	Confirmed(who []string, device string) PINConfirmed
}

// dutyHolder returns the person acting, when they are an active person
// holding an armorer's role.
func dutyHolder(s *State, d Decision, by string) (string, error) {
	who, err := ActingPerson(s, d, by)
	if err != nil {
		return "", err
	}
	return who, armorerPerson(s, who)
}

// armorerPerson checks that a person is active and holds an armorer's
// role.
func armorerPerson(s *State, id string) error {
	p, err := ActivePerson(s, id)
	if err != nil {
		return err
	}
	if !s.HoldsArmorerRole(id) {
		return Errorf(EConflict, "%s does not hold an armorer's role; there is no armorer's duty to go on or off.", p.Name)
	}
	return nil
}

// authorizeEmergency lets only a producer or a site administrator end an
// armorer's duty against the gate.
func authorizeEmergency(a Access) error {
	if a.System || a.SiteAdmin || a.Has(RoleProducer) {
		return nil
	}
	return Errorf(EForbidden, "Only a producer or a site administrator can override the armorer's duty in an emergency.")
}

// endingDuty decides a change that ends a person's armorer duty (going
// off it, losing the role, leaving), recorded by then: when the gate
// refuses it (FA-2: the last qualified armorer while firearms are out),
// the refusal, unless emergency, when it goes through after a record of
// the override.
func endingDuty(s *State, d Decision, personID, change string, emergency bool, reason string, drafts ...Draft) (Outcome, error) {
	if !s.OnArmorerDuty(personID) {
		return Outcome{Events: drafts}, nil
	}
	a := gate.Action{Kind: gate.EndDuty, From: personID}
	v, err := s.Verdict(d.Now, a)
	if err != nil || v.Go {
		return Outcome{Events: drafts}, err
	}
	if !emergency {
		return refused(a, v), nil
	}
	findings := refused(a, v).Refusal.Rules
	override := &DutyOverridden{PersonID: personID, Change: change, Reason: reason, Firearms: s.dutyFirearms(), Rules: findings}
	return Outcome{Events: append([]Draft{{Body: override}}, drafts...)}, nil
}

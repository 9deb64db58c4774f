package gate

import (
	"slices"
	"strings"
	"time"
)

// The states a set-up goes through on the day, as the 1st AD calls them.
const (
	TakePlanned    = "planned"
	TakeRehearsal  = "rehearsal"
	TakeStandingBy = "standing_by"
	TakeRolling    = "rolling"
	TakeCut        = "cut"
	TakeOnHold     = "on_hold"
	TakeWrapped    = "wrapped"
)

// TakeStates lists a set-up's states in the order a set lives them.
var TakeStates = []string{TakePlanned, TakeRehearsal, TakeStandingBy, TakeRolling, TakeCut, TakeOnHold, TakeWrapped}

// DefaultLoadStates are the set-up states in which a firearm may be
// loaded: the shot is ready (FA-8).
var DefaultLoadStates = []string{TakeStandingBy, TakeRolling}

// checkShotReady refuses to load a firearm unless the set-up it is loaded
// for is in a state the profile allows loading in (FA-8: loaded only when
// the shot is ready). A load names its set-up, or the firearm's set-up is
// the one it was last issued for; a load for no set-up is refused on a day
// whose set-ups bring firearms.
func checkShotReady(c *decision) {
	if c.a.Kind != Load {
		return
	}
	u := c.a.SetUp
	if u == nil {
		if c.s.FirearmSetUpsToday {
			c.fail("Say which set-up %s is loaded for; a firearm is loaded only when its shot is ready", c.firearmName())
		}
		return
	}
	if !slices.Contains(c.s.Rules.Params.loadStates(), u.State) {
		c.fail("%s is %s; a firearm is loaded only when its set-up is %s", u.Name, takeWord(u.State), takeWords(c.s.Rules.Params.loadStates()))
	}
}

// takeWord says a set-up state in words: "standing_by" is "standing by".
func takeWord(state string) Word { return Word(strings.ReplaceAll(state, "_", " ")) }

// takeWords says set-up states in words.
func takeWords(states []string) Parts {
	out := make(Parts, len(states))
	for i, st := range states {
		out[i] = string(takeWord(st))
	}
	return out
}

// loadStates are the states loading is allowed in.
func (p Params) loadStates() []string {
	if len(p.LoadStates) == 0 {
		return DefaultLoadStates
	}
	return p.LoadStates
}

// Alert kinds.
const (
	// AlertOutTooLong: a firearm stayed with someone other than an
	// armorer longer than the profile's limit (FA-8).
	AlertOutTooLong = "out_too_long"
	// AlertNotBack: the set-up was cut or put on hold and the firearm is
	// still with a performer past the limit (FA-8).
	AlertNotBack = "not_back"
	// AlertDutyGap: the firearm is out or loaded while nobody qualified is
	// on armorer duty (FA-2); it lasts until the firearm is recovered.
	AlertDutyGap = "duty_gap"
)

// AlertKinds are every kind of alert.
var AlertKinds = []string{AlertOutTooLong, AlertNotBack, AlertDutyGap}

// Alert is something the watched rules raise: a firearm that should be
// back with the armorer and is not. The same condition on the same firearm
// is the same alert for as long as it lasts.
type Alert struct {
	Rule RuleID
	Kind string
	// Firearm is the firearm it is about; SetUp its set-up, if any; Holder
	// who holds it.
	Firearm, SetUp, Holder string
	// Since is when the condition began; Due when it became an alert.
	Since, Due time.Time
	Reason     Reason
}

// Key says which condition an alert is: the same key while it lasts.
func (a Alert) Key() string { return a.Kind + "/" + a.Firearm }

// Watch returns the alerts the watched rules raise now, and the earliest
// time after now at which another would be raised if nothing changed (zero
// when none would).
func Watch(s *Situation) (alerts []Alert, next time.Time) {
	alerts = dutyGapAlerts(s)
	if !s.Rules.Applies(FA8) {
		return alerts, time.Time{}
	}
	c := &decision{s: s, rule: FA8}
	ids := make([]string, 0, len(s.Firearms))
	for id := range s.Firearms {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	p := s.Rules.Params
	later := func(t time.Time) {
		if t.After(s.Now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, id := range ids {
		f := s.Firearms[id]
		if f.Custodian == "" || c.armorer(f.Custodian) {
			continue
		}
		c.a.Firearm = id
		u := s.SetUps[f.SetUp]
		if u == nil || u.State == TakePlanned || u.State == TakeRehearsal {
			// No take in progress: it may stay out only so long.
			due := f.CustodySince.Add(p.OutLimit)
			if due.After(s.Now) {
				later(due)
				continue
			}
			c.reasons = nil
			c.fail("%s has been with %s for %s; it goes back to the armorer between takes", c.firearmName(), c.name(f.Custodian), Span(s.Now.Sub(f.CustodySince)))
			alerts = append(alerts, Alert{Rule: FA8, Kind: AlertOutTooLong, Firearm: id, SetUp: f.SetUp, Holder: f.Custodian, Since: f.CustodySince, Due: due, Reason: c.reasons[0]})
			continue
		}
		if !slices.Contains([]string{TakeCut, TakeOnHold, TakeWrapped}, u.State) {
			continue // standing by or rolling: the take is on
		}
		since := u.StateSince
		if f.CustodySince.After(since) {
			since = f.CustodySince
		}
		limit := p.backLimit()
		if u.State == TakeOnHold || f.LoadedLot != "" {
			limit = p.holdLimit() // a loaded firearm comes back at once
		}
		due := since.Add(limit)
		if due.After(s.Now) {
			later(due)
			continue
		}
		c.reasons = nil
		if f.LoadedLot != "" {
			c.fail("%s is %s and %s still holds %s loaded; it goes back to the armorer now", u.Name, takeWord(u.State), c.name(f.Custodian), c.firearmName())
		} else {
			c.fail("%s is %s and %s still holds %s after %s; it goes back to the armorer", u.Name, takeWord(u.State), c.name(f.Custodian), c.firearmName(), Span(s.Now.Sub(since)))
		}
		alerts = append(alerts, Alert{Rule: FA8, Kind: AlertNotBack, Firearm: id, SetUp: u.ID, Holder: f.Custodian, Since: since, Due: due, Reason: c.reasons[0]})
	}
	return alerts, next
}

// dutyGapAlerts are the alerts of a duty gap: one for each firearm out or
// loaded while nobody qualified is on armorer duty (FA-2), at once.
func dutyGapAlerts(s *Situation) []Alert {
	var out []Alert
	c := &decision{s: s, rule: FA2}
	for _, id := range DutyGap(s) {
		f := s.Firearms[id]
		c.a.Firearm, c.reasons = id, nil
		one := c.out()
		one = slices.DeleteFunc(one, func(o Out) bool { return o.Firearm != c.firearmName() })
		c.fail("Nobody qualified is on armorer duty while %s; a qualified armorer comes on duty and takes it back", one)
		out = append(out, Alert{Rule: FA2, Kind: AlertDutyGap, Firearm: id, Holder: f.Custodian, SetUp: f.SetUp, Since: s.Now, Due: s.Now, Reason: c.reasons[0]})
	}
	return out
}

// Recovered says whether the firearm a duty gap's alert is about is back
// in qualified hands: locked in its store, or with a qualified armorer on
// duty.
func Recovered(s *Situation, id string) bool {
	f := s.Firearms[id]
	if f == nil || f.Custodian == "" {
		return true
	}
	c := &decision{s: s}
	return c.qualified(f.Custodian)
}

func (p Params) holdLimit() time.Duration {
	if p.HoldLimit == 0 {
		return DefaultParams.HoldLimit
	}
	return p.HoldLimit
}

func (p Params) backLimit() time.Duration {
	if p.BackLimit == 0 {
		return DefaultParams.BackLimit
	}
	return p.BackLimit
}

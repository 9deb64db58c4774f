package gate

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Reason is one rule an action fails, and why, in plain words.
type Reason struct {
	Rule    RuleID `json:"rule"`
	Message string `json:"message"`
	// Format and Args make Message without the rule ID, so that a page can
	// say it in another language.
	Format string `json:"-"`
	Args   []any  `json:"-"`
}

// Verdict is the gate's answer: GO when no rule in force fails.
type Verdict struct {
	Go      bool     `json:"go"`
	Reasons []Reason `json:"reasons,omitempty"`
}

// Rules returns the IDs of the failing rules, in order.
func (v Verdict) Rules() []RuleID {
	out := make([]RuleID, 0, len(v.Reasons))
	for _, r := range v.Reasons {
		if !slices.Contains(out, r.Rule) {
			out = append(out, r.Rule)
		}
	}
	return out
}

// String reads the verdict as a person would say it.
func (v Verdict) String() string {
	if v.Go {
		return "GO"
	}
	msgs := make([]string, len(v.Reasons))
	for i, r := range v.Reasons {
		msgs[i] = r.Message
	}
	return "NO-GO: " + strings.Join(msgs, " ")
}

// check is one rule's check of an action.
type check struct {
	rule RuleID
	fn   func(c *decision)
}

// The checks, in the order their reasons are given: what stops all work
// first, then the firearm, the people, the paperwork.
var checks = []check{
	{WS4, checkStopWork},
	{WS3, checkConcerns},
	{AM1, checkLive},
	{WS2, checkRepeatedDischarges},
	{WS6, checkPatterns},
	{FA2, checkDutyContinuity},
	{FA12, checkReconciled},
	{PR5, checkComplianceContact},
	{FA11, checkReceived},
	{FA2, checkCustody},
	{FA3, checkArmorerOnly},
	{FA3, checkBothConfirmed},
	{FA3, checkDutyConfirmed},
	{FA4, checkOtherDuties},
	{PR3, checkPermit},
	{PR3, checkDutyQualified},
	{FA7, checkInService},
	{FA7, checkCleared},
	{WS1, checkInvestigated},
	{AM4, checkRecordedLot},
	{AM4, checkCalibre},
	{AM3, checkInert},
	{FA5, checkArmorersEnough},
	{FA6, checkShownClear},
	{FA9, checkShotPlan},
	{FA8, checkShotReady},
	{PR1, checkMeeting},
	{PR1, checkMeetingTopics},
	{PR1, checkNewcomersBriefed},
	{PR2, checkTrained},
	{MD1, checkMedic},
	{HZ1, checkHazardBriefed},
}

// Check decides whether an action may go ahead. Actions that make things
// safer, such as a return to the armorer, are only checked for what keeps
// the firearm accounted for; actions that put a firearm to work are checked
// against every rule in force.
func Check(s *Situation, a Action) Verdict {
	c := &decision{s: s, a: a}
	for _, ch := range checks {
		if s.Rules.Applies(ch.rule) {
			c.rule = ch.rule
			ch.fn(c)
		}
	}
	return Verdict{Go: len(c.reasons) == 0, Reasons: c.reasons}
}

// decision is the work of one Check.
type decision struct {
	s       *Situation
	a       Action
	rule    RuleID
	reasons []Reason
}

func (c *decision) fail(format string, args ...any) {
	c.reasons = append(c.reasons, Reason{Rule: c.rule, Message: fmt.Sprintf(format, args...) + " (" + string(c.rule) + ")", Format: format, Args: args})
}

// putsToWork says whether the action puts something dangerous to work: a
// firearm into a performer's hand, loaded or out of its store, or a
// set-up started.
func (c *decision) putsToWork() bool {
	switch c.a.Kind {
	case Load, Unsecure, StartSetUp:
		return true
	case Handover:
		return c.isIssue()
	}
	return false
}

// isIssue says whether the action hands a firearm from the armorer to
// someone who is not an armorer on duty.
func (c *decision) isIssue() bool {
	return c.a.Kind == Handover && !c.armorer(c.a.To)
}

func (c *decision) person(id string) *Person { return c.s.People[id] }

func (c *decision) name(id string) string {
	if p := c.person(id); p != nil && p.Name != "" {
		return p.Name
	}
	if id == "" {
		return "nobody"
	}
	return "person " + id
}

func (c *decision) firearm() *Firearm { return c.s.Firearms[c.a.Firearm] }

// moment says t as the set's clock shows it.
func (c *decision) moment(t time.Time) Moment {
	if c.s.Zone != nil {
		t = t.In(c.s.Zone)
	}
	return Moment(t)
}

func (c *decision) firearmName() string {
	if f := c.firearm(); f != nil && f.Name != "" {
		return f.Name
	}
	return "firearm " + c.a.Firearm
}

func hasDuty(p *Person, duties ...string) bool {
	if p == nil {
		return false
	}
	for _, d := range duties {
		if slices.Contains(p.Duties, d) {
			return true
		}
	}
	return false
}

// armorer says whether a person is on armorer duty now: holding an
// armorer's role, and not gone off duty.
func (c *decision) armorer(id string) bool {
	p := c.person(id)
	return hasDuty(p, DutyArmorer, DutyAssistantArmorer) && !p.OffDuty
}

func (c *decision) firstADs() []string {
	var out []string
	for id, p := range c.s.People {
		if hasDuty(p, DutyFirstAD) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

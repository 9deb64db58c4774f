package gate

import (
	"slices"
	"strings"
	"time"
)

// This file holds one check per rule; each adds a reason when its rule
// fails for the action.

func checkStopWork(c *decision) {
	if !c.putsToWork() {
		return
	}
	for _, sw := range c.s.StopWorks {
		switch {
		case sw.Scope == ScopeProduction:
		case sw.Scope == ScopeHazard && slices.Contains(c.hazards(), sw.Hazard):
		case sw.Scope == ScopeSetUp && c.a.SetUp != nil && sw.SetUp == c.a.SetUp.ID:
		case sw.Scope == ScopeLocation && c.a.SetUp != nil && sw.Location == c.a.SetUp.Location:
		case sw.Scope == ScopeLocation && c.a.SetUp == nil && c.isIssue():
			c.fail("%s called a stop-work on a location (%s); say which set-up this firearm is for", sw.By, sw.Reason)
			continue
		case sw.Scope == ScopeSetUp && c.a.SetUp == nil && c.isIssue():
			c.fail("%s called a stop-work on a set-up (%s); say which set-up this firearm is for", sw.By, sw.Reason)
			continue
		default:
			continue
		}
		c.fail("%s called a stop-work (%s); nothing goes ahead until it is lifted", sw.By, sw.Reason)
	}
}

func checkConcerns(c *decision) {
	if !c.putsToWork() {
		return
	}
	u := c.a.SetUp
	for _, cn := range c.s.Concerns {
		switch {
		case u != nil && cn.SetUp == u.ID:
			c.fail("A critical concern about %s has been open since %s (%s); the set-up waits until it is resolved or the safety coordinator decides it may go ahead", u.Name, c.moment(cn.Raised), cn.Description)
		case u != nil && cn.Location != "" && cn.Location == u.Location:
			c.fail("A critical concern about where %s is shot has been open since %s (%s); the set-up waits until it is resolved or the safety coordinator decides it may go ahead", u.Name, c.moment(cn.Raised), cn.Description)
		case cn.Hazard != "" && slices.Contains(c.hazards(), cn.Hazard):
			h, _ := FindHazard(cn.Hazard)
			c.fail("A critical concern about %s has been open since %s (%s); that work waits until it is resolved or the safety coordinator decides it may go ahead", Word(h.Name), c.moment(cn.Raised), cn.Description)
		case c.s.Rules.Params.ConcernsStopAll:
			c.fail("A critical concern has been open since %s (%s); on this production any critical concern stops all work until it is decided", c.moment(cn.Raised), cn.Description)
		}
	}
}

// hazards returns the hazards the action brings: its set-up's, and
// firearms for any firearm action.
func (c *decision) hazards() []string {
	var out []string
	if c.a.SetUp != nil {
		out = append(out, c.a.SetUp.Hazards...)
	}
	if c.a.Kind != StartSetUp {
		out = append(out, HazardFirearms)
	}
	return out
}

// firearmWork says whether the action puts firearms to work: a firearm
// action, or a set-up with firearms.
func (c *decision) firearmWork() bool {
	return c.putsToWork() && slices.Contains(c.hazards(), HazardFirearms)
}

func checkLive(c *decision) {
	if c.a.Kind == ReceiveLot && c.a.NewLot != nil && c.a.NewLot.Live() {
		if c.a.NewLot.Kind == LotLive {
			c.fail("Live ammunition can never come onto the set; this lot must go back")
		} else {
			c.fail("Lot %s was made up from live cartridges and keeps their primers and traces of powder; it is live ammunition and must go back", c.a.NewLot.Label)
		}
		return
	}
	if c.a.Kind == Load {
		if l := c.s.Lots[c.a.Lot]; l != nil && l.Live() {
			c.fail("Lot %s is live ammunition; it must never be loaded on set", l.Label)
		} else if l != nil && l.Quarantined {
			c.fail("Lot %s failed its inert check and is quarantined; it is not loaded until it is removed from set and a second person checks it again", l.Label)
		}
	}
	if c.isIssue() {
		if f := c.firearm(); f != nil && f.LoadedLot != "" {
			if l := c.s.Lots[f.LoadedLot]; l != nil && l.Quarantined {
				c.fail("%s is loaded from lot %s, which failed its inert check and is quarantined; it is not issued until the armorer unloads it", c.firearmName(), l.Label)
			}
		}
	}
	if c.firearmWork() && len(c.s.LiveRoundReports) > 0 {
		c.fail("A live round was reported on set; all firearm work stops until the armorer removes it and a second person verifies")
	}
}

func checkRepeatedDischarges(c *decision) {
	if !c.firearmWork() {
		return
	}
	p := c.s.Rules.Params
	var lastReview time.Time
	for _, r := range c.s.Reviews {
		if r.After(lastReview) {
			lastReview = r
		}
	}
	// Counted by when each happened, so that a misfire reported days
	// later still counts with the one before it; a review covers what was
	// reported before it was signed, whenever that happened.
	n := 0
	for _, d := range c.s.Discharges {
		recorded := d.Recorded
		if recorded.IsZero() {
			recorded = d.At
		}
		if d.At.After(c.s.Now.Add(-p.MisfireWindow)) && recorded.After(lastReview) {
			n++
		}
	}
	if n >= p.MisfireThreshold {
		c.fail("%d misfires or discharges in the last %d days; all firearm work stops until the compliance contact and a producer sign off a review",
			n, int(p.MisfireWindow/(24*time.Hour)))
	}
}

// checkPatterns stops the work a pattern of repeated incidents concerns:
// its firearm, its hazard, or firearms handed to or by its person.
func checkPatterns(c *decision) {
	if !c.putsToWork() {
		return
	}
	for _, p := range c.s.Patterns {
		hit := false
		switch p.Scope {
		case PatternFirearm:
			hit = c.a.Firearm == p.Key
		case PatternHazard:
			hit = slices.Contains(c.hazards(), p.Key)
		case PatternPerson:
			hit = c.a.Kind != StartSetUp && (c.a.To == p.Key || c.a.From == p.Key)
		}
		if hit {
			c.fail("%d incidents in %d days concern %s, the last on %s; that work stops until the safety coordinator and a producer sign off a review",
				p.Count, p.Days, p.What, c.moment(p.Last))
		}
	}
}

func checkReconciled(c *decision) {
	if !c.isIssue() {
		return
	}
	for _, d := range c.s.Discrepancies {
		if d.Day < c.s.Day {
			c.fail("The count at wrap on %s did not reconcile (%s); no firearm is issued until it is resolved", d.Day, d.What)
			return
		}
	}
}

func checkComplianceContact(c *decision) {
	if !c.firearmWork() || c.s.ComplianceContact != "" {
		return
	}
	c.fail("The production has not named a safety compliance contact; firearm work cannot start without one")
}

func checkReceived(c *decision) {
	switch c.a.Kind {
	case ReceiveFirearm:
		if !c.armorer(c.a.From) {
			c.fail("Only an armorer on duty receives firearms into the production; %s is not on armorer duty today", c.name(c.a.From))
		}
		return
	case ReceiveLot:
		if !c.armorer(c.a.From) {
			c.fail("Only an armorer on duty receives ammunition into the production; %s is not on armorer duty today", c.name(c.a.From))
		}
		return
	}
	switch c.a.Kind {
	case AssignDuty, StartSetUp, StartDuty, EndDuty:
		return
	}
	if f := c.firearm(); f == nil || !f.Received {
		c.fail("%s was never received by the armorer; no personal or unrecorded firearm is used on set", c.firearmName())
	}
}

func checkCustody(c *decision) {
	f := c.firearm()
	if f == nil {
		return
	}
	switch c.a.Kind {
	case Handover:
		if c.a.To == "" || c.person(c.a.To) == nil {
			c.fail("A firearm is handed to a named person on the production, never left on a cart or a table")
		}
		if f.Custodian != c.a.From {
			if f.Store != "" {
				c.fail("%s is secured in %s, not in %s's hands", c.firearmName(), f.Store, c.name(c.a.From))
			} else {
				c.fail("%s is in %s's custody, not %s's", c.firearmName(), c.name(f.Custodian), c.name(c.a.From))
			}
		}
	case Load:
		if f.Custodian != c.a.From {
			c.fail("%s must be in the hands of %s, who loads it", c.firearmName(), c.name(c.a.From))
		}
	case Unsecure:
		if f.Store == "" {
			c.fail("%s is not in a store; it is in %s's custody", c.firearmName(), c.name(f.Custodian))
		}
		if c.person(c.a.From) == nil {
			c.fail("A firearm leaves its store only in a named person's custody")
		}
	}
}

func checkArmorerOnly(c *decision) {
	switch c.a.Kind {
	case Handover:
		if !c.armorer(c.a.From) && !c.armorer(c.a.To) {
			c.fail("Only the armorer hands a firearm to someone; %s must give %s back to the armorer, who issues it to %s",
				c.name(c.a.From), c.firearmName(), c.name(c.a.To))
		}
	case Load, Unsecure:
		if !c.armorer(c.a.From) {
			c.fail("Only an armorer on duty loads a firearm or takes it out of the store; %s is not on armorer duty today", c.name(c.a.From))
		}
	}
}

// otherDuties are a person's duties today besides armorer work.
func otherDuties(p *Person) []string {
	var out []string
	for _, d := range p.Duties {
		if d != DutyArmorer && d != DutyAssistantArmorer && d != DutyCrew {
			out = append(out, d)
		}
	}
	return out
}

// checkBothConfirmed refuses a hand-off that the giver and the receiver
// did not both confirm with their own PIN: whoever holds a signed-in
// tablet could otherwise act in its owner's name.
func checkBothConfirmed(c *decision) {
	if c.a.Kind != Handover {
		return
	}
	for _, who := range []string{c.a.From, c.a.To} {
		if who != "" && !slices.Contains(c.a.ConfirmedWithPIN, who) {
			c.fail("%s has not confirmed handing over %s with their own PIN; the giver and the receiver each type theirs, and a signed-in session never confirms alone", c.name(who), c.firearmName())
		}
	}
}

func checkOtherDuties(c *decision) {
	if c.a.Kind == AssignDuty {
		p := c.person(c.a.To)
		if p == nil || slices.Contains(p.Duties, c.a.Duty) {
			return
		}
		armorerDuty := c.a.Duty == DutyArmorer || c.a.Duty == DutyAssistantArmorer
		switch {
		case armorerDuty && len(otherDuties(p)) > 0:
			c.fail("%s already works as %s today; an armorer has no other duties", p.Name, Duties(otherDuties(p)))
		case !armorerDuty && c.a.Duty != DutyCrew && c.armorer(p.ID):
			c.fail("%s is on armorer duty today and cannot also work as %s", p.Name, Duties{c.a.Duty})
		}
		return
	}
	if c.putsToWork() || c.a.Kind == ReceiveFirearm || c.a.Kind == ReceiveLot {
		if p := c.person(c.a.From); c.armorer(c.a.From) && len(otherDuties(p)) > 0 {
			c.fail("%s is on armorer duty and also works as %s today; an armorer has no other duties", p.Name, Duties(otherDuties(p)))
		}
		// A duty can come by the job title on the crew list as well as by
		// a role: on the Rust set the armorer's title said assistant props.
		if p := c.person(c.a.From); c.armorer(c.a.From) && len(p.TitleDuties) > 0 {
			c.fail("%s is on armorer duty, but their job title on the crew list, %s, says they also work as %s; an armorer has no other duties: correct the title, or have someone who grants roles record that it does not mean that on this production",
				p.Name, Title(p.JobTitle), Duties(p.TitleDuties))
		}
	}
}

func checkPermit(c *decision) {
	// Checked when the armorer acts rather than when the duty is given, so
	// that a production can name its armorer before the permit is filed.
	if !c.putsToWork() && c.a.Kind != ReceiveFirearm && c.a.Kind != ReceiveLot {
		return
	}
	if !c.armorer(c.a.From) {
		return // FA-3 or FA-11 says why
	}
	who := c.a.From
	if c.person(who) == nil || c.permitted(who) {
		return
	}
	c.fail("%s has no current armorer's permit on record", c.name(who))
}

// checkCleared lets a firearm out of service go back into service only
// after a qualified armorer inspected it at the bench and saw its bore
// clear and it working (FA-7): a squib left in the bore is what turns the
// next blank into a gun that fires a projectile.
func checkCleared(c *decision) {
	f := c.firearm()
	if f == nil || !f.OutOfService || (c.a.Kind != Inspect && c.a.Kind != ReturnToService) {
		return
	}
	if !c.qualified(c.a.From) {
		c.fail("Only a qualified armorer, on armorer duty with a current permit, inspects %s and clears it after a misfire or malfunction; %s is not one",
			c.firearmName(), c.name(c.a.From))
	}
	if c.a.Kind != ReturnToService {
		return
	}
	if !c.a.BoreClear {
		c.fail("%s goes back into service only once its bore is seen clear", c.firearmName())
	}
	in := f.Inspection
	switch {
	case in.At.IsZero() || in.At.Before(f.OutOfServiceSince):
		c.fail("%s has not been inspected at the bench since it went out of service; the armorer inspects it first", c.firearmName())
	case !in.Clear:
		c.fail("The last inspection of %s, on %s, found a fault; it stays out of service until an inspection sees its bore clear and it working",
			c.firearmName(), c.moment(in.At))
	}
}

func checkInService(c *decision) {
	if !c.isIssue() && c.a.Kind != Load {
		return
	}
	if f := c.firearm(); f != nil && f.OutOfService {
		c.fail("%s is out of service after a misfire or malfunction until the armorer inspects the bore and clears it", c.firearmName())
	}
}

func checkInvestigated(c *decision) {
	if !c.isIssue() && c.a.Kind != Load {
		return
	}
	for _, d := range c.s.Discharges {
		if d.Firearm == c.a.Firearm && !d.Investigated {
			c.fail("The discharge of %s on %s has not been investigated", c.firearmName(), c.moment(d.At))
			return
		}
	}
}

func checkRecordedLot(c *decision) {
	switch c.a.Kind {
	case ReceiveLot:
		l := c.a.NewLot
		if l == nil {
			c.fail("The lot is not described")
			return
		}
		var missing []string
		if strings.TrimSpace(l.Source) == "" {
			missing = append(missing, "source")
		}
		if strings.TrimSpace(l.Headstamp) == "" {
			missing = append(missing, "headstamp")
		}
		if strings.TrimSpace(l.Calibre) == "" {
			missing = append(missing, "calibre")
		}
		if l.Count <= 0 {
			missing = append(missing, "count")
		}
		missing = append(missing, l.Origin.missing()...)
		if len(missing) > 0 {
			c.fail("A lot is received only with its %s recorded", Parts(missing))
		}
	case Load:
		l := c.s.Lots[c.a.Lot]
		if l == nil {
			c.fail("Rounds are loaded only from a recorded lot; lot %q is not in the production's inventory", c.a.Lot)
			return
		}
		if c.a.Rounds <= 0 || c.a.Rounds > l.Count {
			c.fail("Lot %s has %d rounds in stock; %d cannot be loaded from it", l.Label, l.Count, c.a.Rounds)
		}
	}
}

// missing returns the parts of an origin a lot is received without. An
// unknown origin is missing altogether: only lots received before origins
// were recorded have one, and no lot is received so again.
func (o Origin) missing() []string {
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	var out []string
	switch o.Kind {
	case OriginFactory:
		if blank(o.Maker) {
			out = append(out, "maker")
		}
		if blank(o.Product) {
			out = append(out, "product")
		}
	case OriginRentalHouse:
		if blank(o.House) {
			out = append(out, "rental house")
		}
		if blank(o.HouseLot) {
			out = append(out, "rental house's lot")
		}
	case OriginMadeUp:
		if o.MadeFrom != MadeFromNewComponents && o.MadeFrom != MadeFromLiveCartridges {
			out = append(out, "how it was made up")
		}
	default:
		out = append(out, "origin")
	}
	return out
}

func checkInert(c *decision) {
	if c.a.Kind != Load {
		return
	}
	l := c.s.Lots[c.a.Lot]
	if l == nil || l.Kind != LotDummy || l.Quarantined {
		return // AM-4 or AM-1 says why
	}
	switch {
	case !l.Verified || l.VerifiedRounds <= 0:
		c.fail("Nobody has verified that the dummies of lot %s are inert (rattle, drilled case, no primer); they cannot be loaded", l.Label)
	case c.a.Rounds > l.VerifiedRounds:
		c.fail("Only %d rounds of lot %s were checked inert and are not loaded yet; %d cannot be loaded until more are checked", l.VerifiedRounds, l.Label, c.a.Rounds)
	}
}

func checkArmorersEnough(c *decision) {
	if !c.isIssue() {
		return
	}
	armorers, out := 0, 0
	for id := range c.s.People {
		if c.armorer(id) {
			armorers++
		}
	}
	for _, f := range c.s.Firearms {
		if f.Custodian != "" && !c.armorer(f.Custodian) {
			out++
		}
	}
	if limit := armorers * c.s.Rules.Params.FirearmsPerArmorer; out+1 > limit {
		c.fail("%d firearms are out with %d armorers on duty; at most %d may be out, so another armorer is needed first", out, armorers, limit)
	}
}

func checkShownClear(c *decision) {
	if !c.isIssue() {
		return
	}
	window := c.s.Rules.Params.ShowClearWindow
	ads := c.firstADs()
	for _, sc := range c.s.ShowClears {
		if sc.Firearm != c.a.Firearm || !sc.AllChambers || sc.At.After(c.s.Now) || c.s.Now.Sub(sc.At) > window {
			continue
		}
		if slices.Contains(sc.Witnesses, c.a.To) && slices.ContainsFunc(ads, func(id string) bool { return slices.Contains(sc.Witnesses, id) }) {
			return
		}
	}
	c.fail("Nobody has shown %s clear to %s and the 1st AD, every chamber, in the last %s", c.firearmName(), c.name(c.a.To), Span(window))
}

func checkShotPlan(c *decision) {
	if !c.isIssue() || c.a.SetUp == nil || !c.a.SetUp.TowardPeople {
		return
	}
	p := c.a.SetUp.Plan
	if p == nil {
		c.fail("%s points a firearm toward the camera or people and has no recorded plan (shields, distance, remote camera, people cleared)", c.a.SetUp.Name)
		return
	}
	var missing []string
	if !p.Shields {
		missing = append(missing, "shields")
	}
	if !p.MinimumDistance {
		missing = append(missing, "minimum distance")
	}
	if !p.RemoteCamera {
		missing = append(missing, "remote camera")
	}
	if !p.PeopleCleared {
		missing = append(missing, "people cleared")
	}
	if len(missing) > 0 {
		c.fail("The plan for %s lacks %s", c.a.SetUp.Name, Parts(missing))
	}
}

func checkMeeting(c *decision) {
	if !c.isIssue() {
		return
	}
	ads := c.firstADs()
	var held bool
	for _, m := range c.s.Meetings {
		if m.Day != c.s.Day {
			continue
		}
		held = true
		if slices.Contains(m.Attendees, c.a.To) && slices.ContainsFunc(ads, func(id string) bool { return slices.Contains(m.Attendees, id) }) {
			return
		}
	}
	if !held {
		c.fail("No safety meeting has been held today")
		return
	}
	c.fail("%s and the 1st AD have not both confirmed attending today's safety meeting", c.name(c.a.To))
}

// checkNewcomersBriefed stops firearm work while someone who joined the
// crew today has not confirmed attending one of today's safety meetings:
// replacements arrive on a working set without its briefings (Rust, link 5).
// Investigators, who read and never work on set, are left out.
func checkNewcomersBriefed(c *decision) {
	if !c.firearmWork() {
		return
	}
	var unbriefed []*Person
	for _, p := range c.s.People {
		if !p.Newcomer || hasDuty(p, DutyInvestigator) {
			continue
		}
		briefed := slices.ContainsFunc(c.s.Meetings, func(m Meeting) bool { return m.Day == c.s.Day && slices.Contains(m.Attendees, p.ID) })
		if !briefed {
			unbriefed = append(unbriefed, p)
		}
	}
	slices.SortFunc(unbriefed, func(a, b *Person) int { return strings.Compare(a.Name, b.Name) })
	for _, p := range unbriefed {
		c.fail("%s joined the crew today and has not confirmed attending today's safety meeting; firearm work waits until they are briefed", p.Name)
	}
}

func checkTrained(c *decision) {
	if !c.isIssue() {
		return
	}
	p := c.person(c.a.To)
	if p != nil {
		for _, t := range p.Trainings {
			expires := t.Expires
			if expires.IsZero() {
				expires = t.Completed.Add(c.s.Rules.Params.TrainingValidity)
			}
			if t.Firearms && !t.Completed.After(c.s.Now) && c.s.Now.Before(expires) {
				return
			}
		}
	}
	c.fail("%s has no current firearm training on record", c.name(c.a.To))
}

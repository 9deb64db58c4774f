package setsafe

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// DefaultProfile is the jurisdiction profile of a production that has not
// chosen one: the US industry bulletins.
const DefaultProfile = "us"

// SafetyRules returns the safety rules in force in the production: its
// profile with its choices applied.
func (s *State) SafetyRules() (gate.Rules, error) {
	p, settings := s.safetyProfile()
	rules, problems := p.With(settings)
	if problems != nil {
		return gate.Rules{}, fmt.Errorf("stored safety settings are not acceptable: %v", problems)
	}
	return rules, nil
}

func (s *State) safetyProfile() (gate.Profile, gate.Settings) {
	st := s.SafetySettings()
	if st == nil || st.Profile == "" {
		p, _ := gate.FindProfile(DefaultProfile)
		return p, gate.Settings{}
	}
	p, _ := gate.FindProfile(st.Profile)
	return p, st.gate()
}

// gate turns a production's choices, as people give them in minutes and
// days, into the gate's settings.
func (st *SafetySettings) gate() gate.Settings {
	rulesOff := strings.Fields(st.RulesOff)
	off := make([]gate.RuleID, len(rulesOff))
	for i, id := range rulesOff {
		off[i] = gate.RuleID(id)
	}
	const day = 24 * time.Hour
	var medicFor []string
	if st.MedicFor != "" {
		medicFor = strings.Fields(st.MedicFor)
	}
	return gate.Settings{Off: off, Params: gate.Params{
		ShowClearWindow:    time.Duration(st.ShowClearMinutes) * time.Minute,
		FirearmsPerArmorer: int(st.PerArmorer),
		MisfireThreshold:   int(st.MisfireThreshold),
		MisfireWindow:      time.Duration(st.MisfireWindowDays) * day,
		PatternThreshold:   int(st.PatternThreshold),
		PatternWindow:      time.Duration(st.PatternWindowDays) * day,
		TrainingValidity:   time.Duration(st.TrainingDays) * day,
		OutLimit:           time.Duration(st.OutLimitMinutes) * time.Minute,
		ConcernsStopAll:    st.ConcernsStopAll,
		MedicFor:           medicFor,
	}}
}

// Day returns the production's calendar day at t, in the set's time zone,
// as YYYY-MM-DD.
func (s *State) Day(t time.Time) string { return day(t, s.location()) }

// location is the set's time zone, UTC if unknown.
func (s *State) location() *time.Location { return s.Production().Zone() }

func day(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// Situation returns what the production's records say at now, as the gate
// reads them for an action by someone the rules count: see SituationFor.
func (s *State) Situation(now time.Time) (*gate.Situation, error) {
	return s.SituationFor(now, gate.Action{})
}

// SituationFor returns what the production's records say at now, as the
// gate reads them for an action. Only what the rules look at is read, from
// the state's indexes, so that it costs the same however many people and
// days of shooting the production has: the people the rules count (those
// holding an armorer's or the 1st AD's role, on duty or off it, those who
// joined today, those holding a firearm) and those the action names; the
// firearms out or loaded and the one it names; the lot it loads from; today's meetings; the warning signs, the
// stop-works, concerns and counts in force.
func (s *State) SituationFor(now time.Time, a gate.Action) (*gate.Situation, error) {
	return s.situation(now, a, false)
}

// watchSituation is what the watched rules read (gate.Watch) about one
// firearm: the firearm and its set-up, who holds it, and the people on
// armorer or 1st AD duty. The writer works it out after every entry about
// a firearm, so it leaves out what only the gate's checks read.
func (s *State) watchSituation(now time.Time, firearm string) (*gate.Situation, error) {
	return s.situation(now, gate.Action{Firearm: firearm}, true)
}

func (s *State) situation(now time.Time, a gate.Action, watchOnly bool) (*gate.Situation, error) {
	rules, err := s.SafetyRules()
	if err != nil {
		return nil, err
	}
	sit := &gate.Situation{Now: now, Day: s.Day(now), Rules: rules,
		People: map[string]*gate.Person{}, Firearms: map[string]*gate.Firearm{}, Lots: map[string]*gate.Lot{}, SetUps: map[string]*gate.SetUp{}}
	if st := s.SafetySettings(); st != nil {
		sit.ComplianceContact = st.ComplianceContact
	}
	loc, started := s.location(), ""
	sit.Zone = loc
	if prod := s.Production(); prod != nil {
		started = day(prod.CreatedAt, loc)
	}
	person := func(id string) {
		p := s.Person(id)
		if p == nil || !p.Active || sit.People[id] != nil {
			return
		}
		gp := &gate.Person{ID: p.ID, Name: p.Name, Newcomer: started != sit.Day && day(p.AddedAt, loc) == sit.Day}
		gp.OnSite = s.onSiteOn(id, sit.Day)
		if d := s.ArmorerDuty(id); d != nil {
			gp.OffDuty = !d.OnDuty
		}
		armorer := false
		for _, r := range s.RolesOf(id) {
			gp.Duties = append(gp.Duties, string(r))
			armorer = armorer || r == RoleArmorer || r == RoleAssistantArmorer
		}
		if armorer {
			// Only an armorer's title matters (FA-4), and reading one
			// costs more than the rest of the person.
			gp.JobTitle = p.JobTitle
			for _, d := range p.OtherTitleDuties() {
				gp.TitleDuties = append(gp.TitleDuties, string(d))
			}
		}
		slices.Sort(gp.Duties)
		if watchOnly && !armorer {
			// The watch asks of others only who they are and their duties.
			sit.People[id] = gp
			return
		}
		for _, t := range grouped[*Training](s, trainingsByPerson, id) {
			gp.Trainings = append(gp.Trainings, gate.Training{Course: t.Course, Firearms: t.Firearms, Completed: dayStart(t.Completed, loc), Expires: dayEnd(t.Expires, loc)})
		}
		for _, pm := range grouped[*Permit](s, permitsByPerson, id) {
			gp.Permits = append(gp.Permits, gate.Permit{Kind: pm.Kind, Expires: dayEnd(pm.Expires, loc)})
		}
		sit.People[id] = gp
	}
	firearm := func(f *Firearm) {
		if f == nil || f.Returned || sit.Firearms[f.ID] != nil {
			return
		}
		sit.Firearms[f.ID] = &gate.Firearm{ID: f.ID, Name: f.Name(), Received: true, Custodian: f.Custodian, Store: f.Store,
			CustodySince: f.CustodySince, OutOfService: f.OutOfService, OutOfServiceSince: f.OutOfServiceSince, LoadedLot: f.LoadedLot,
			LoadedRounds: int(f.LoadedRounds), Calibre: f.Calibre, Inspection: gate.Inspection{At: f.InspectedAt, By: f.InspectedBy, Clear: f.InspectedClear},
			SetUp: f.SetUpID}
		if u := s.SetUp(f.SetUpID); watchOnly && u != nil {
			sit.SetUps[u.ID] = u.gate() // only the watch reads set-ups' states
		}
		if !f.ShownClearAt.IsZero() && !watchOnly {
			sit.ShowClears = append(sit.ShowClears, gate.ShowClear{Firearm: f.ID, At: f.ShownClearAt, AllChambers: f.ShownClearAll, Witnesses: f.Witnesses()})
		}
		person(f.Custodian)
	}
	for _, role := range []Role{RoleArmorer, RoleAssistantArmorer, RoleFirstAD} {
		for _, g := range grouped[*RoleGrant](s, grantsByRole, string(role)) {
			person(g.PersonID)
		}
	}
	if !watchOnly && started != sit.Day {
		// Newcomers: on the first day the whole crew joins, and none is.
		for _, p := range s.joined(sit.Day, loc) {
			person(p.ID)
		}
	}
	if !watchOnly {
		for _, f := range s.FirearmsOutOrLoaded() {
			firearm(f)
		}
	}
	firearm(s.Firearm(a.Firearm))
	person(a.From)
	person(a.To)
	if !watchOnly {
		// The people hazards need on site, the medic's included: few, and
		// a board of the day's set-ups asks about every hazard from one
		// situation.
		for _, duty := range gate.NeededDuties() {
			for _, g := range grouped[*RoleGrant](s, grantsByRole, duty) {
				person(g.PersonID)
			}
		}
	}
	lot := func(id string) {
		l := s.AmmoLot(id)
		if l == nil || sit.Lots[id] != nil {
			return
		}
		sit.Lots[l.ID] = &gate.Lot{ID: l.ID, Label: l.Label, Kind: gate.LotKind(l.Kind), Calibre: l.Calibre, Source: l.Source,
			Headstamp: l.Headstamp, Count: int(l.InStock), Verified: l.Verified, Origin: l.Origin(), VerifiedRounds: int(l.VerifiedRounds),
			Quarantined: l.Quarantined}
	}
	if watchOnly {
		return sit, nil
	}
	lot(a.Lot)
	for _, f := range sit.Firearms {
		lot(f.LoadedLot)
	}
	for _, u := range s.SetUpsOn(sit.Day) {
		sit.FirearmSetUpsToday = sit.FirearmSetUpsToday || slices.Contains(u.HazardList(), gate.HazardFirearms)
	}
	s.addPreparations(sit)
	s.addWarningSigns(sit)
	s.addStopWorks(sit)
	s.addConcerns(sit)
	s.addPermissions(sit)
	s.addCounts(sit)
	for _, add := range situationParts {
		add(s, sit)
	}
	for _, m := range s.MeetingsOn(sit.Day) {
		gm := gate.Meeting{Day: m.Day, Hazards: strings.Fields(m.Hazards), Topics: m.CoveredTopics()}
		for id := range sit.People {
			if lookup[*Attendance](s, tableAttendance, m.ID+"/"+id) != nil {
				gm.Attendees = append(gm.Attendees, id)
			}
		}
		slices.Sort(gm.Attendees)
		sit.Meetings = append(sit.Meetings, gm)
	}
	return sit, nil
}

// addPreparations adds today's preparations of today's set-ups, read
// from the index by set-up and day: a few records each.
func (s *State) addPreparations(sit *gate.Situation) {
	for _, u := range s.SetUpsOn(sit.Day) {
		for _, p := range s.preparationsOn(u.ID, sit.Day) {
			sit.Preparations = append(sit.Preparations, p.gate())
		}
	}
}

// joined returns the active people who joined the production on a day in
// the set's time zone.
func (s *State) joined(on string, loc *time.Location) []*Person {
	start, err := time.ParseInLocation(time.DateOnly, on, loc)
	if err != nil {
		return nil
	}
	var out []*Person
	utcDays(start, start, func(d string) {
		for _, p := range grouped[*Person](s, peopleByDayAdded, d) {
			if p.Active && day(p.AddedAt, loc) == on {
				out = append(out, p)
			}
		}
	})
	return out
}

// dayStart turns a day the ledger records (as midnight UTC) into the
// moment it begins on set, in loc: a course counts from the start of the
// day it was completed there. Zero stays zero.
func dayStart(day time.Time, loc *time.Location) time.Time {
	if day.IsZero() {
		return day
	}
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// dayEnd turns the day an expiry falls on into the moment it ends on set,
// in loc: the expiry day still counts there. Zero stays zero.
func dayEnd(day time.Time, loc *time.Location) time.Time {
	if day.IsZero() {
		return day
	}
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// Verdict returns the gate's verdict on an action at now.
func (s *State) Verdict(now time.Time, a gate.Action) (gate.Verdict, error) {
	sit, err := s.SituationFor(now, a)
	if err != nil {
		return gate.Verdict{}, err
	}
	return gate.Check(sit, a), nil
}

// Gated is a command the gate decides on. GateAction checks the command's
// input and returns the action the gate is asked about.
type Gated interface {
	Command
	GateAction(s *State, d Decision) (gate.Action, error)
}

// Preview returns the gate's verdict on a command as it would be decided
// now, without deciding it: the board shown before the action is taken.
func Preview(s *State, d Decision, c Gated) (gate.Verdict, error) {
	a, err := c.GateAction(s, d)
	if err != nil {
		return gate.Verdict{}, err
	}
	return s.Verdict(d.Now, a)
}

// DecisionTime is the time a decision taken at now carries: in the
// ledger's resolution, and never before the ledger's last entry.
func (s *State) DecisionTime(now time.Time) time.Time {
	at := LedgerTime(now)
	if at.Before(s.LastTime) {
		at = s.LastTime
	}
	return at
}

// DecisionTimeFor is [State.DecisionTime] for a request by actor: an
// anonymous reporter's request is kept to the minute (see
// [AnonymousTime]), its entries, their deadlines and all that follows from
// them.
func (s *State) DecisionTimeFor(actor Actor, now time.Time) time.Time {
	if actor.Kind == ActorAnonymous {
		return AnonymousTime(now, s.LastTime)
	}
	return s.DecisionTime(now)
}

func refusedOrErr(a gate.Action, v gate.Verdict, err error) (Outcome, error) {
	if err != nil {
		return Outcome{}, err
	}
	return refused(a, v), nil
}

// gated decides a firearm action: the events when the gate says GO, or
// the record of the refusal and an ERefused error that names every failing
// rule.
func gated(s *State, d Decision, a gate.Action, events ...Draft) (Outcome, error) {
	v, err := s.Verdict(d.Now, a)
	if err != nil {
		return Outcome{}, err
	}
	if v.Go {
		return Outcome{Events: events}, nil
	}
	return refused(a, v), nil
}

// refused is the outcome of an action the gate refused: the record of the
// refusal, and the error that names every failing rule.
func refused(a gate.Action, v gate.Verdict) Outcome {
	findings := make([]RuleFinding, len(v.Reasons))
	for i, r := range v.Reasons {
		findings[i] = RuleFinding{ID: string(r.Rule), Message: r.Message, Format: r.Format, Args: r.Args}
	}
	to := a.To
	if a.Kind == gate.AssignDuty {
		to += " as " + a.Duty
	}
	record := &ActionRefused{Action: string(a.Kind), FirearmID: a.Firearm, LotID: a.Lot, From: a.From, To: to, Rules: findings}
	if a.SetUp != nil {
		record.SetUpID = a.SetUp.ID
	}
	return Outcome{Events: []Draft{{Body: record}}, Refusal: refusal(findings)}
}

// refusal is the error that names every rule that refused an action.
func refusal(findings []RuleFinding) *Error {
	msgs := make([]string, len(findings))
	for i, f := range findings {
		msgs[i] = f.Message
	}
	return &Error{Code: ERefused, Message: "NO-GO. " + strings.Join(msgs, " "), Rules: findings}
}

// RefusalIn returns the refusal that a request's entries record, or nil
// if they record none: to answer again a request the gate refused.
func RefusalIn(evs []Event) *Error {
	if len(evs) != 1 {
		return nil
	}
	switch b := evs[0].Body.(type) {
	case *ActionRefused:
		return refusal(b.Rules)
	case *ActionRefusedV1:
		return refusal(b.Rules)
	}
	return nil
}

// checkDuties decides roles given to a person one after another, as the
// gate sees duties (FA-4: an armorer has no other duties). It returns the
// refused outcome, or nil when every role may be given.
func checkDuties(s *State, now time.Time, personID, name string, roles []Role) (*Outcome, error) {
	// Only an armorer's duties can clash; most grants need no situation.
	armorer := func(r Role) bool { return r == RoleArmorer || r == RoleAssistantArmorer }
	if !slices.ContainsFunc(roles, armorer) && !slices.ContainsFunc(s.RolesOf(personID), armorer) {
		return nil, nil
	}
	sit, err := s.SituationFor(now, gate.Action{Kind: gate.AssignDuty, To: personID})
	if err != nil {
		return nil, err
	}
	p := sit.People[personID]
	if p == nil {
		p = &gate.Person{ID: personID, Name: name}
		sit.People[personID] = p
	}
	for _, r := range roles {
		a := gate.Action{Kind: gate.AssignDuty, To: personID, Duty: string(r)}
		if v := gate.Check(sit, a); !v.Go {
			out := refused(a, v)
			return &out, nil
		}
		p.Duties = append(p.Duties, string(r))
	}
	return nil, nil
}

// ActingPerson returns the person who acts: the signed-in person, or for
// the operator at the command line the person named in by.
func ActingPerson(s *State, d Decision, by string) (string, error) {
	if d.Access.System {
		if by == "" {
			return "", &Error{Code: EInvalid, Message: "Say who does this.", Fields: map[string]string{"by": "is required at the command line"}}
		}
		if _, err := ActivePerson(s, by); err != nil {
			return "", err
		}
		return by, nil
	}
	if d.Access.PersonID == "" {
		return "", Errorf(EForbidden, "Only people on the production's crew or cast list can do this.")
	}
	return d.Access.PersonID, nil
}

package setsafe

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// everything is the situation read from every row of the state, as the
// gate read it before the state kept indexes: the reference that the
// indexed situation must agree with.
func everything(s *State, now time.Time) *gate.Situation {
	rules, _ := s.SafetyRules()
	sit := &gate.Situation{Now: now, Day: s.Day(now), Rules: rules,
		People: map[string]*gate.Person{}, Firearms: map[string]*gate.Firearm{}, Lots: map[string]*gate.Lot{}, SetUps: map[string]*gate.SetUp{}}
	for _, u := range s.SetUps() {
		if u.Day == sit.Day && slices.Contains(u.HazardList(), gate.HazardFirearms) {
			sit.FirearmSetUpsToday = true
		}
	}
	if st := s.SafetySettings(); st != nil {
		sit.ComplianceContact = st.ComplianceContact
	}
	loc, started := s.location(), day(s.Production().CreatedAt, s.location())
	sit.Zone = loc
	for _, p := range s.People() {
		if p.Active {
			sit.People[p.ID] = &gate.Person{ID: p.ID, Name: p.Name, Newcomer: started != sit.Day && day(p.AddedAt, loc) == sit.Day}
		}
	}
	for _, g := range s.Grants() {
		if p := sit.People[g.PersonID]; p != nil {
			p.Duties = append(p.Duties, string(g.Role))
		}
	}
	for _, p := range sit.People {
		slices.Sort(p.Duties)
	}
	for _, t := range s.Trainings() {
		if p := sit.People[t.PersonID]; p != nil {
			p.Trainings = append(p.Trainings, gate.Training{Course: t.Course, Firearms: t.Firearms, Completed: dayStart(t.Completed, loc), Expires: dayEnd(t.Expires, loc)})
		}
	}
	for _, pm := range s.Permits() {
		if p := sit.People[pm.PersonID]; p != nil {
			p.Permits = append(p.Permits, gate.Permit{Kind: pm.Kind, Expires: dayEnd(pm.Expires, loc)})
		}
	}
	for _, f := range s.Firearms() {
		if f.Returned {
			continue
		}
		sit.Firearms[f.ID] = &gate.Firearm{ID: f.ID, Name: f.Name(), Received: true, Custodian: f.Custodian, Store: f.Store,
			CustodySince: f.CustodySince, OutOfService: f.OutOfService, SetUp: f.SetUpID}
		if u := s.SetUp(f.SetUpID); u != nil {
			sit.SetUps[u.ID] = u.gate()
		}
		if !f.ShownClearAt.IsZero() {
			sit.ShowClears = append(sit.ShowClears, gate.ShowClear{Firearm: f.ID, At: f.ShownClearAt, AllChambers: f.ShownClearAll, Witnesses: f.Witnesses()})
		}
	}
	for _, l := range s.AmmoLots() {
		sit.Lots[l.ID] = &gate.Lot{ID: l.ID, Label: l.Label, Kind: gate.LotKind(l.Kind), Calibre: l.Calibre, Source: l.Source,
			Headstamp: l.Headstamp, Count: int(l.InStock), Verified: l.Verified}
	}
	for _, x := range s.Discharges() {
		sit.Discharges = append(sit.Discharges, gate.Discharge{Firearm: x.FirearmID, At: x.At, Investigated: x.Investigated})
	}
	sit.Reviews = s.reviews()
	for _, w := range s.StopWorks() {
		if !w.Lifted {
			by := "anonymous"
			if p := s.Person(w.CalledBy); p != nil {
				by = p.Name
			}
			sit.StopWorks = append(sit.StopWorks, gate.StopWork{Scope: w.Scope, SetUp: w.SetUpID, Hazard: w.Hazard, By: by, Reason: w.Reason})
		}
	}
	for _, c := range s.Concerns() {
		if c.Severity == SeverityCritical && !c.Closed() {
			sit.Concerns = append(sit.Concerns, gate.Concern{Hazard: c.Hazard, SetUp: c.SetUpID, Raised: c.RaisedAt, Description: brief(c.Description)})
		}
	}
	slices.SortFunc(sit.Concerns, func(a, b gate.Concern) int { return a.Raised.Compare(b.Raised) })
	for _, pm := range s.Permissions() {
		if !pm.Withdrawn {
			sit.Permissions = append(sit.Permissions, pm.gate())
		}
	}
	for _, x := range s.Discrepancies() {
		if !x.Resolved {
			sit.Discrepancies = append(sit.Discrepancies, gate.Discrepancy{Day: x.Day, What: x.What})
		}
	}
	for _, x := range s.LiveRoundReports() {
		if !x.Cleared {
			sit.LiveRoundReports = append(sit.LiveRoundReports, x.At)
		}
	}
	for _, m := range s.SafetyMeetings() {
		if m.Day == sit.Day {
			gm := gate.Meeting{Day: m.Day, Hazards: strings.Fields(m.Hazards), Topics: m.CoveredTopics()}
			for _, a := range s.Attendances() {
				if a.MeetingID == m.ID {
					gm.Attendees = append(gm.Attendees, a.PersonID)
				}
			}
			sit.Meetings = append(sit.Meetings, gm)
		}
	}
	return sit
}

// restored is the state as storage restores it: every row loaded from
// the tables.
func restored(s *State) *State {
	r := NewState(s.Ledger)
	for _, t := range RowTypes() {
		for _, row := range s.Rows(t.Table()) {
			r.Load(row)
		}
	}
	r.Size, r.LastTime = s.Size, s.LastTime
	return r
}

// TestSituationReadsWhatTheRulesNeed checks that the situation read from
// the state's indexes gives the gate the same verdict as one read from
// every row, for every kind of action by and to many people, with and
// without newcomers, stop-works, critical concerns, live rounds, people
// who left and firearms returned; on the state as the writer keeps it and
// as storage restores it.
func TestSituationReadsWhatTheRulesNeed(t *testing.T) {
	s, now, _ := bigProduction(t)
	run := func(c Command) {
		t.Helper()
		a := Access{System: true, Actor: SystemActor("test")}
		out, err := c.Decide(s, Decision{Now: now, Actor: a.Actor, Access: a, Site: NewState(SiteLedger)})
		if err != nil {
			t.Fatalf("%T: %v", c, err)
		}
		for _, d := range out.Events {
			if err := s.Apply(Event{Ledger: s.Ledger, Seq: s.Size + 1, Time: now, Actor: a.Actor, Body: d.Body}); err != nil {
				t.Fatal(err)
			}
		}
	}
	compare := func(stage string) {
		t.Helper()
		for _, st := range []*State{s, restored(s)} {
			full := everything(st, now)
			people := []string{"p000", "p001", "p004", "p010", "p299", "late0", "late1", "gone", "nobody"}
			firearms := []string{"f000", "f005", "f150", "f199", "back", "none"}
			var actions []gate.Action
			for _, from := range people {
				for _, to := range people {
					for _, f := range firearms {
						actions = append(actions, gate.Action{Kind: gate.Handover, Firearm: f, From: from, To: to, ConfirmedWithPIN: []string{from, to}, SetUp: st.GateSetUp("s290")})
					}
				}
				actions = append(actions,
					gate.Action{Kind: gate.Load, Firearm: "f005", From: from, Lot: "l01", Rounds: 5},
					gate.Action{Kind: gate.Unsecure, Firearm: "f150", From: from},
					gate.Action{Kind: gate.StartSetUp, From: from, SetUp: st.GateSetUp("s291")},
					gate.Action{Kind: gate.AssignDuty, To: from, Duty: "armorer"},
					gate.Action{Kind: gate.AssignDuty, To: from, Duty: "first_ad"},
					gate.Action{Kind: gate.ReceiveFirearm, From: from},
					gate.Action{Kind: gate.ReceiveLot, From: from, NewLot: &gate.Lot{Kind: gate.LotBlank, Calibre: ".45", Source: "PDQ", Headstamp: "PDQ", Count: 10}})
			}
			for _, a := range actions {
				want := gate.Check(full, a)
				got, err := st.Verdict(now, a)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %+v: from the indexes %s, from every row %s", stage, a, got, want)
				}
			}
			// Each firearm's own watch says what the watch of them all does.
			var gotAlerts []gate.Alert
			var gotNext time.Time
			for _, f := range st.Firearms() {
				watched, err := st.watchSituation(now, f.ID)
				if err != nil {
					t.Fatal(err)
				}
				alerts, next := gate.Watch(watched)
				gotAlerts = append(gotAlerts, alerts...)
				if !next.IsZero() && (gotNext.IsZero() || next.Before(gotNext)) {
					gotNext = next
				}
			}
			wantAlerts, wantNext := gate.Watch(full)
			slices.SortFunc(gotAlerts, func(a, b gate.Alert) int { return strings.Compare(a.Firearm+a.Kind, b.Firearm+b.Kind) })
			slices.SortFunc(wantAlerts, func(a, b gate.Alert) int { return strings.Compare(a.Firearm+a.Kind, b.Firearm+b.Kind) })
			if stage == "a day's shooting" && len(wantAlerts) == 0 && len(gotAlerts) == 0 && wantNext.IsZero() {
				t.Fatalf("%s: the production has nothing to watch; the comparison proves nothing", stage)
			}
			if !reflect.DeepEqual(gotAlerts, wantAlerts) || !gotNext.Equal(wantNext) {
				t.Fatalf("%s: the watches read %v next %s, from every row %v next %s", stage, gotAlerts, gotNext, wantAlerts, wantNext)
			}
		}
	}
	compare("a day's shooting")

	// The production's first day: the whole crew joins, and nobody is a
	// newcomer.
	first := s
	s = NewState("first-day")
	run(CreateProduction{ID: "first-day", Name: "First Day", TimeZone: "UTC"})
	for i, role := range []Role{RoleArmorer, RoleFirstAD, RoleCast, RoleCast, RoleCrew, RoleInvestigator} {
		run(AddPerson{ID: fmt.Sprintf("p%03d", i), PersonDetails: PersonDetails{Name: fmt.Sprint("Person ", i)}, Roles: []Role{role}})
	}
	run(ReceiveFirearm{ID: "f000", Make: "Colt", Model: "SAA", Serial: "1", Kind: "blank_firing", Calibre: ".45", Chambers: 6, Owner: "PDQ", Store: "truck", By: "p000"})
	run(HoldMeeting{ID: "m1", Covered: firearmTopics, Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, By: "p001"})
	run(ConfirmAttendance{MeetingID: "m1", PersonID: "p002", ConfirmedBy: "pin"})
	compare("the first day")
	s = first

	run(AddPerson{ID: "late0", PersonDetails: PersonDetails{Name: "Late Comer"}, Roles: []Role{RoleCast}})
	run(AddPerson{ID: "late1", PersonDetails: PersonDetails{Name: "Late Investigator"}, Roles: []Role{RoleInvestigator}})
	run(AddPerson{ID: "gone", PersonDetails: PersonDetails{Name: "Gone Soon"}, Roles: []Role{RoleArmorer}})
	run(RemovePerson{ID: "gone", Reason: "left"})
	run(ReceiveFirearm{ID: "back", Make: "Colt", Model: "SAA", Serial: "B", Kind: "blank_firing", Calibre: ".45", Chambers: 6, Owner: "PDQ", Store: "truck", By: "p000"})
	run(ReturnToOwner{FirearmID: "back", Note: "not needed"})
	run(CallStopWork{ID: "sw1", Scope: "setup", SetUpID: "s291", Reason: "The pad is torn", By: "p150"})
	run(CallStopWork{ID: "sw2", Scope: "hazard", Hazard: "firearms", Reason: "A dummy rattles wrong", By: "p151"})
	run(RaiseConcern{ID: "c1", Category: CategoryFirearms, Severity: SeverityCritical, Mode: ReportNamed, Description: "The rack is unlocked", By: "p152"})
	run(RaiseConcern{ID: "c2", Category: CategoryFatigue, Severity: SeverityNormal, Mode: ReportNamed, Description: "Long days", By: "p153"})
	compare("newcomers, stop-works and concerns")

	run(LiftStopWork{ID: "sw2", Resolution: "Checked", By: "p005"})
	run(MoveConcern{ID: "c1", State: ConcernResolved, Why: "Locked", By: "p005"})
	run(RevokeRole{PersonID: "p001", Role: RoleArmorer, Reason: "moved to props"})
	run(ReportLiveRound{ID: "lr1", Description: "A live round in the dummy box", By: "p154"})
	compare("a live round")
	for i := range 3 {
		run(ReportDischarge{ID: fmt.Sprint("dd", i), FirearmID: "f010", Kind: "misfire", Description: "click", By: "p010"})
	}
	compare("misfires")
}

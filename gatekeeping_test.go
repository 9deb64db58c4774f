package setsafe

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// bigProduction is a production of 200 firearms, 40 lots of 5,000 rounds
// in all, 300 people and 30 days of history: a meeting a day attended by
// everyone, three set-ups a day, a discharge a day, every firearm shown
// clear. It returns the state, the time of the last day and an issue the
// gate allows.
func bigProduction(tb testing.TB) (*State, time.Time, gate.Action) {
	w := &world{t: nil, site: NewState(SiteLedger), prod: NewState("big-show")}
	run := func(at time.Time, c Command) {
		s := w.prod
		a := Access{System: true, Actor: SystemActor("bench")}
		out, err := c.Decide(s, Decision{Now: at, Actor: a.Actor, Access: a, Site: w.site})
		if err != nil || out.Refusal != nil {
			tb.Fatalf("%T: %v %v", c, err, out.Refusal)
		}
		for _, d := range out.Events {
			if err := s.Apply(Event{Ledger: "big-show", Seq: s.Size + 1, Time: at, Actor: a.Actor, Body: d.Body}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	start := time.Date(2026, 10, 1, 14, 0, 0, 0, time.UTC)
	run(start, CreateProduction{ID: "big-show", Name: "Big Show", TimeZone: "UTC"})
	people := make([]string, 300)
	for i := range people {
		people[i] = fmt.Sprintf("p%03d", i)
		role := RoleCast
		switch {
		case i < 4:
			role = RoleArmorer
		case i == 4:
			role = RoleFirstAD
		case i == 5:
			role = RoleSafetyCoordinator
		}
		run(start, AddPerson{ID: people[i], PersonDetails: PersonDetails{Name: fmt.Sprintf("Person %d", i)}, Roles: []Role{role}})
		run(start, RecordTraining{ID: fmt.Sprintf("t%03d", i), PersonID: people[i], Course: "Firearm safety", Provider: "CSATF", Firearms: true, Completed: "2026-09-01"})
	}
	for i := range 4 {
		run(start, RecordPermit{ID: fmt.Sprintf("pm%d", i), PersonID: people[i], Kind: "armorer", Number: "N", Issuer: "State", Expires: "2030-01-01"})
	}
	run(start, NameComplianceContact{PersonID: people[5]})
	for i := range 200 {
		run(start, ReceiveFirearm{ID: fmt.Sprintf("f%03d", i), Make: "Colt", Model: "SAA", Serial: fmt.Sprint(i), Kind: "blank_firing", Calibre: ".45",
			Chambers: 6, Owner: "PDQ", Store: "truck", By: people[i%4]})
	}
	for i := range 40 {
		run(start, ReceiveAmmoLot{ID: fmt.Sprintf("l%02d", i), Label: fmt.Sprintf("B-%d", i), Kind: "blank", Calibre: ".45", Source: "PDQ", Headstamp: "PDQ",
			Count: 125, Origin: LotOrigin{Kind: "factory", Maker: "PDQ", Product: "45 quarter"}, By: people[0]})
	}
	var at time.Time
	for d := range 30 {
		at = start.AddDate(0, 0, d)
		m := fmt.Sprintf("m%02d", d)
		run(at, HoldMeeting{ID: m, Covered: firearmTopics, Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, By: people[4]})
		for _, p := range people {
			run(at, ConfirmAttendance{MeetingID: m, PersonID: p, ConfirmedBy: "pin"})
		}
		for k := range 3 {
			run(at, PlanSetUp{ID: fmt.Sprintf("s%02d%d", d, k), Scene: fmt.Sprint(d*3 + k), Name: "Scene", Hazards: []string{"firearms"}})
		}
		run(at, ReportDischarge{ID: fmt.Sprintf("d%02d", d), FirearmID: fmt.Sprintf("f%03d", 100+d), Kind: "misfire", Description: "click", By: people[10]})
		run(at, InvestigateDischarge{DischargeID: fmt.Sprintf("d%02d", d), Findings: "spring", CorrectiveAction: "replaced"})
		run(at, InspectFirearm{FirearmID: fmt.Sprintf("f%03d", 100+d), BoreClear: true, Functions: true, Condition: "good", By: people[0]})
		run(at, ReturnToService{FirearmID: fmt.Sprintf("f%03d", 100+d), BoreClear: true, By: people[0]})
		run(at, SignOffReview{Note: "ok", By: people[5]})
		run(at, GrantRole{PersonID: people[5], Role: RoleProducer})
		run(at, SignOffReview{Note: "ok", By: people[5]})
	}
	for i := range 20 {
		f := fmt.Sprintf("f%03d", i)
		run(at, UnsecureFirearm{FirearmID: f, By: people[i%4]})
		run(at, ShowClear{FirearmID: f, AllChambers: true, Witnesses: []string{people[4], people[10+i]}, By: people[i%4]})
		run(at, HandOver{FirearmID: f, To: people[10+i], ConfirmedWithPIN: []string{people[i%4], people[10+i]}, Device: "tablet-1", By: people[i%4]})
	}
	run(at, UnsecureFirearm{FirearmID: "f199", By: people[0]})
	run(at, ShowClear{FirearmID: "f199", AllChambers: true, Witnesses: []string{people[4], people[299]}, By: people[0]})
	return w.prod, at.Add(time.Minute), gate.Action{Kind: gate.Handover, Firearm: "f199", From: people[0], To: people[299], ConfirmedWithPIN: []string{people[0], people[299]}, SetUp: w.prod.GateSetUp("s290")}
}

// BenchmarkGateDecision is the whole decision on an issue, as the ledger's
// writer makes it: the situation read from the production's state, then
// every rule.
func BenchmarkGateDecision(b *testing.B) {
	s, now, a := bigProduction(b)
	b.ReportAllocs()
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		v, err := s.Verdict(now, a)
		took = append(took, time.Since(start))
		if err != nil || !v.Go {
			b.Fatal(v, err)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
}

func TestBigProductionIssueIsGo(t *testing.T) {
	s, now, a := bigProduction(t)
	v, err := s.Verdict(now, a)
	if err != nil || !v.Go {
		t.Fatalf("%s %v", v, err)
	}
}

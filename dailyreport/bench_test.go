package dailyreport

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/setsafetest"
)

// longShoot is a production of 300 people and 90 days of shooting, built
// through commands: each day a set-up refused before the meeting, a
// meeting attended by all 300, three set-ups with firearms, ten revolvers
// issued with blanks, fired and returned, a concern by name and one
// anonymously, a stop-work called and lifted, the end-of-day count; a
// misfire every ten days. It returns the state, every entry, and the last
// day.
func longShoot(tb testing.TB) (*world, string) {
	w := &world{setsafetest.NewWorld(tb, "long-shoot", time.Time{})}
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	loc, err := time.LoadLocation("America/Denver")
	if err != nil {
		tb.Fatal(err)
	}
	at := func(d int, hhmm string) {
		t, err := time.ParseInLocation("2006-01-02 15:04", start.AddDate(0, 0, d).Format(time.DateOnly)+" "+hhmm, loc)
		if err != nil {
			tb.Fatal(err)
		}
		w.Now = t
	}
	at(0, "06:00")
	w.Must(op, setsafe.CreateProduction{ID: "long-shoot", Name: "Long Shoot", Company: "Long Shoot Films", TimeZone: "America/Denver"})
	people := make([]string, 300)
	for i := range people {
		people[i] = fmt.Sprintf("p%03d", i)
		role := setsafe.RoleCast
		switch {
		case i < 4:
			role = setsafe.RoleArmorer
		case i == 4:
			role = setsafe.RoleFirstAD
		case i == 5:
			role = setsafe.RoleSafetyCoordinator
		case i == 6:
			role = setsafe.RoleProducer
		}
		w.Must(op, setsafe.AddPerson{ID: people[i], PersonDetails: setsafe.PersonDetails{Name: fmt.Sprintf("Person %03d", i)}, Roles: []setsafe.Role{role}})
	}
	for i := 10; i < 20; i++ {
		w.Must(op, setsafe.RecordTraining{ID: fmt.Sprintf("t%03d", i), PersonID: people[i], Course: "Firearm safety", Provider: "CSATF", Firearms: true, Completed: "2026-08-01"})
	}
	for i := range 4 {
		w.Must(op, setsafe.RecordPermit{ID: fmt.Sprintf("pm%d", i), PersonID: people[i], Kind: "armorer", Number: "N", Issuer: "State", Expires: "2030-01-01"})
	}
	w.Must(op, setsafe.NameComplianceContact{PersonID: people[5]})
	firearms := make([]string, 10)
	for i := range firearms {
		firearms[i] = fmt.Sprintf("f%02d", i)
		w.Must(op, setsafe.ReceiveFirearm{ID: firearms[i], Make: "Colt", Model: "SAA", Serial: fmt.Sprint(1000 + i), Kind: "blank_firing", Calibre: ".45",
			Chambers: 6, Owner: "PDQ", Store: "truck", By: people[i%4]})
	}
	lots := make([]string, 10)
	for i := range lots {
		lots[i] = fmt.Sprintf("l%02d", i)
		w.Must(op, setsafe.ReceiveAmmoLot{ID: lots[i], Label: fmt.Sprintf("B-%d", i), Kind: "blank", Calibre: ".45", Source: "PDQ", Headstamp: "PDQ",
			Count: 500, Origin: setsafe.LotOrigin{Kind: "factory", Maker: "PDQ", Product: "45 quarter"}, By: people[0]})
	}
	var day string
	for d := range 90 {
		day = start.AddDate(0, 0, d).Format(time.DateOnly)
		setUps := []string{fmt.Sprintf("s%02da", d), fmt.Sprintf("s%02db", d), fmt.Sprintf("s%02dc", d)}
		at(d, "06:30")
		for k, id := range setUps {
			w.Must(op, setsafe.PlanSetUp{ID: id, Scene: fmt.Sprint(d*3 + k), Name: fmt.Sprintf("Scene %d", d*3+k), Hazards: []string{gate.HazardFirearms}})
		}
		w.Refused(op, setsafe.StartSetUp{SetUpID: setUps[0], By: people[4]})
		at(d, "07:00")
		m := fmt.Sprintf("m%02d", d)
		w.Must(op, setsafe.HoldMeeting{ID: m, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Firearms"}, Hazards: []string{gate.HazardFirearms},
			WalkThrough: true, By: people[4]})
		for _, p := range people {
			w.Must(op, setsafe.ConfirmAttendance{MeetingID: m, PersonID: p, ConfirmedBy: "pin"})
		}
		at(d, "08:00")
		for k, f := range firearms {
			u, armorer, performer := setUps[k%3], people[k%4], people[10+k]
			w.Must(op, setsafe.UnsecureFirearm{FirearmID: f, By: armorer})
			w.Must(op, setsafe.ShowClear{FirearmID: f, AllChambers: true, Witnesses: []string{people[4], performer}, By: armorer})
			w.Must(op, setsafe.CallSetUpState{SetUpID: u, State: gate.TakeStandingBy, By: people[4]})
			w.Must(op, setsafe.LoadFirearm{FirearmID: f, LotID: lots[k], Rounds: 6, SetUpID: u, By: armorer})
			w.Must(op, setsafe.HandOver{FirearmID: f, To: performer, SetUpID: u, ConfirmedWithPIN: []string{armorer, performer}, Device: "tablet-1", By: armorer})
			w.Must(op, setsafe.CallSetUpState{SetUpID: u, State: gate.TakeRolling, By: people[4]})
			w.Must(op, setsafe.HandOver{FirearmID: f, From: performer, ConfirmedWithPIN: []string{performer, armorer}, Device: "tablet-1", By: armorer})
			w.Must(op, setsafe.UnloadFirearm{FirearmID: f, Fired: 2, By: armorer})
			w.Must(op, setsafe.SecureFirearm{FirearmID: f, Store: "truck", By: armorer})
		}
		at(d, "12:00")
		w.Must(setsafe.PersonActor(people[20+d%50]), setsafe.RaiseConcern{ID: fmt.Sprintf("cn%02d", d), Category: setsafe.CategoryEquipment, Severity: setsafe.SeverityHigh,
			Description: "A light stand without a sandbag", Mode: setsafe.ReportNamed})
		w.Must(setsafe.Anonymous, setsafe.RaiseConcern{ID: fmt.Sprintf("ca%02d", d), Category: setsafe.CategoryFatigue, Severity: setsafe.SeverityNormal,
			Description: "Long hours this week", Mode: setsafe.ReportAnonymous, ReceiptHash: "receipt"})
		w.Must(op, setsafe.CallStopWork{ID: fmt.Sprintf("sw%02d", d), Scope: gate.ScopeHazard, Hazard: gate.HazardFirearms, Reason: "A round looks odd", By: people[30]})
		at(d, "12:30")
		w.Must(op, setsafe.LiftStopWork{ID: fmt.Sprintf("sw%02d", d), Resolution: "Checked", By: people[6]})
		w.Must(op, setsafe.MoveConcern{ID: fmt.Sprintf("cn%02d", d), State: setsafe.ConcernResolved, Why: "Sandbags placed", By: people[6]})
		if d%10 == 5 {
			f := firearms[d%10]
			w.Must(op, setsafe.ReportDischarge{ID: fmt.Sprintf("d%02d", d), FirearmID: f, Kind: "misfire", Description: "click", By: people[0]})
			w.Must(op, setsafe.InvestigateDischarge{DischargeID: fmt.Sprintf("d%02d", d), Findings: "Worn spring", CorrectiveAction: "Spring replaced"})
			w.Must(op, setsafe.InspectFirearm{FirearmID: f, BoreClear: true, Functions: true, Condition: "good", By: people[0]})
			w.Must(op, setsafe.ReturnToService{FirearmID: f, BoreClear: true, By: people[0]})
		}
		at(d, "18:00")
		for _, u := range setUps {
			w.Must(op, setsafe.CallSetUpState{SetUpID: u, State: gate.TakeWrapped, By: people[4]})
		}
		var counts []setsafe.LotCount
		for _, l := range lots {
			counts = append(counts, setsafe.LotCount{LotID: l, Counted: w.Prod.AmmoLot(l).InStock})
		}
		w.Must(op, setsafe.ReconcileDay{Counts: counts, By: people[0]})
	}
	at(89, "20:00")
	return w, day
}

// BenchmarkDailyReport makes the last day's report of the long shoot:
// building its content from the state and the day's entries, and writing
// the PDF.
func BenchmarkDailyReport(b *testing.B) {
	w, day := longShoot(b)
	from, to, err := Bounds(w.Prod.Production().Zone(), day)
	if err != nil {
		b.Fatal(err)
	}
	first := slices.IndexFunc(w.Events, func(e setsafe.Event) bool { return !e.Time.Before(from) })
	entries := w.Events[first:]
	if !entries[len(entries)-1].Time.Before(to) {
		b.Fatal("entries after the last day")
	}
	in := Input{Day: day, Now: w.Now, Entries: entries}
	b.ReportAllocs()
	var buf bytes.Buffer
	var took []time.Duration
	for b.Loop() {
		begin := time.Now()
		r, err := Build(w.Prod, in)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := Write(&buf, r); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(begin))
		if len(r.Meetings.Held[0].Attended) != 300 || r.Custody.Issued != 10 || len(r.SetUps[0].Refusals) != 1 || len(r.Custody.Counts) != 1 {
			b.Fatalf("the report of %s: %d attended, %d issued, set-up %s refused %d times, %d counts", day,
				len(r.Meetings.Held[0].Attended), r.Custody.Issued, r.SetUps[0].ID, len(r.SetUps[0].Refusals), len(r.Custody.Counts))
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
	b.ReportMetric(float64(len(entries)), "day-entries")
	b.ReportMetric(float64(w.Prod.Size), "ledger-entries")
}

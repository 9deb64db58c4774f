package storagetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/incident"
)

// testSubdomainRows: a subdomain's rows (the incident register's) are
// stored, restored on reopening, checked by verification and rebuilt from
// the ledger like the core's; the incidents an entry opens by itself
// included.
func testSubdomainRows(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	cast, producer := setsafe.PersonActor(ids["cast"]), setsafe.PersonActor(ids["producer"])
	MustAppend(t, e.DB, setsafe.On("red-mesa", cast, incident.OpenIncident{ID: "i1", Details: incident.Details{Kind: incident.KindNearMiss,
		Description: "A light stand fell where I had stood", Witnesses: []string{ids["first_ad"]}}}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", cast, setsafe.ReportLiveRound{ID: "r1", Description: "A round that does not rattle"}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, incident.RecordFactor{ID: "i1", FactorID: "f1", Category: incident.FactorEquipment,
		Description: "No sandbags", Whys: []string{"None on the truck", "Not ordered"}}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, incident.PlanAction{ID: "a1", IncidentID: "i1", What: "Sandbag every stand",
		Owner: ids["first_ad"], Due: Epoch.In(mustZone(t, "America/Denver")).Format(time.DateOnly)}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, incident.SetEstablishment{Name: "Red Mesa", EIN: "851234567", CompanyName: "Dry Gulch Pictures LLC",
		Street: "1 Cerrillos Rd", City: "Santa Fe", State: "NM", ZIP: "87505", NAICS: "512110"}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, incident.SetEstablishmentYear{Year: Epoch.Year(), AnnualAverageEmployees: 4, TotalHoursWorked: 8000, PeakEmployees: 5}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, incident.RecordCase{ID: "k1", IncidentID: "i1", CaseDetails: incident.CaseDetails{Employee: ids["cast"],
		JobTitle: "Actor", Where: "Stage 2", Injury: "Bruise", BodyPart: "shoulder", Type: incident.TypeInjury, WorkRelated: true, NewCase: true, MedicalTreatment: true},
		Personal: incident.Personal{BirthDate: "1990-04-02"}}))
	// Two more incidents of the same person make a pattern, raised by the
	// clock's command and kept like every row.
	for range 2 {
		MustAppend(t, e.DB, setsafe.On("red-mesa", cast, incident.OpenIncident{ID: setsafe.NewID(), Details: incident.Details{Kind: incident.KindNearMiss,
			People: []string{ids["first_ad"]}}}))
	}
	MustAppend(t, e.DB, setsafe.On("red-mesa", setsafe.SystemActor("escalation"), incident.WatchPatterns{}))
	check := func(s *setsafe.State) {
		t.Helper()
		x, r := incident.Find(s, "i1"), incident.Find(s, "r1")
		if x == nil || x.Description != "A light stand fell where I had stood" || len(x.WitnessIDs()) != 1 {
			t.Fatalf("incident i1: %+v", x)
		}
		if r == nil || r.Kind != incident.KindLiveRound || !r.Automatic() {
			t.Fatalf("the live round's incident: %+v", r)
		}
		if f := incident.Factors(s, "i1"); len(f) != 1 || len(f[0].Whys()) != 2 {
			t.Fatalf("factors: %+v", f)
		}
		if a := incident.FindAction(s, "a1"); a == nil || a.State != incident.ActionStateOpen || a.Deadline.IsZero() {
			t.Fatalf("action: %+v", a)
		}
		if p := incident.PatternsInForce(s); len(p) == 0 {
			t.Fatal("no pattern in force")
		}
		if k := incident.FindCase(s, "k1"); k == nil || !k.Recordable().Recordable || incident.FindEstablishment(s) == nil || incident.FindYear(s, Epoch.Year()) == nil {
			t.Fatalf("injury records: %+v", k)
		}
	}
	s, err := e.DB.LedgerState(ctx, "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	check(s)
	verifyOK(t, e)
	e.DB.Close()
	e.DB = e.Reopen(t)
	if s, err = e.DB.LedgerState(ctx, "red-mesa"); err != nil {
		t.Fatal(err)
	}
	check(s)
	if _, err := e.DB.WritePool().Exec("DELETE FROM incident_factors"); err != nil {
		t.Fatal(err)
	}
	if rep, _ := e.DB.Verify(ctx, e.Signer.Verifier(), "red-mesa"); rep.OK() {
		t.Fatal("verify missed a lost factor")
	}
	if err := e.DB.Rebuild(ctx, "red-mesa"); err != nil {
		t.Fatal(err)
	}
	verifyOK(t, e)
	e.DB.Close()
	e.DB = e.Reopen(t)
	if s, err = e.DB.LedgerState(ctx, "red-mesa"); err != nil {
		t.Fatal(err)
	}
	check(s)
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testUpgradeRebuilds: a database written by a build that kept other
// projection tables (one without the incident register, say) is rebuilt
// from its ledgers when a server starts on it, so the rows the new tables
// derive from old entries are there.
func testUpgradeRebuilds(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	MustAppend(t, e.DB, setsafe.On("red-mesa", setsafe.PersonActor(ids["cast"]), setsafe.ReportLiveRound{ID: "r1", Description: "A round that does not rattle"}))
	pool := e.DB.WritePool()
	for _, q := range []string{"DELETE FROM incidents", "UPDATE projections_built SET fingerprint = 'an older build'"} {
		if _, err := pool.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	e.DB.Close()
	e.DB = e.Reopen(t)
	s, err := e.DB.LedgerState(ctx, "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	if incident.Find(s, "r1") == nil {
		t.Fatal("the live round's incident was not rebuilt at start")
	}
	verifyOK(t, e)
}

// testDashboardFacts: the counts storage gathers for many productions at
// once are those the production's state gives.
func testDashboardFacts(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	cast, producer := setsafe.PersonActor(ids["cast"]), setsafe.PersonActor(ids["producer"])
	MustAppend(t, e.DB, setsafe.On("red-mesa", cast, setsafe.RaiseConcern{ID: "c1", Category: setsafe.CategoryOther, Severity: setsafe.SeverityHigh,
		Description: "Cable across the door", Mode: setsafe.ReportNamed}))
	e.Clock.Advance(25 * time.Minute)
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, setsafe.MoveConcern{ID: "c1", State: setsafe.ConcernAcknowledged}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", cast, setsafe.RaiseConcern{ID: "c2", Category: setsafe.CategoryOther, Severity: setsafe.SeverityNormal,
		Description: "No water on set", Mode: setsafe.ReportNamed}))
	// The armorer made property master too: refused (FA-4), and counted.
	if _, err := e.DB.Append(ctx, setsafe.On("red-mesa", producer, setsafe.GrantRole{PersonID: ids["armorer"], Role: setsafe.RolePropertyMaster})); setsafe.ErrorCode(err) != setsafe.ERefused {
		t.Fatalf("want a refusal: %v", err)
	}
	MustAppend(t, e.DB, setsafe.On("red-mesa", cast, incident.OpenIncident{ID: "i1", Details: incident.Details{Kind: incident.KindNearMiss}}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", producer, incident.PlanAction{ID: "a1", IncidentID: "i1", What: "Tape the cable", Owner: ids["first_ad"],
		Due: e.Clock.Now().In(mustZone(t, "America/Denver")).Format(time.DateOnly)}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", cast, setsafe.CallStopWork{ID: "s1", Scope: "production", Reason: "Lightning"}))
	e.Clock.Advance(48 * time.Hour)
	now := e.Clock.Now()
	s, err := e.DB.LedgerState(ctx, "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	fromState := dashboard.ForProduction(s, 7, now)
	studio, err := dashboard.ForStudio(ctx, e.DB, []string{"red-mesa", "not-a-production"}, 7, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(studio.Productions) != 1 || !reflect.DeepEqual(studio.Productions[0], fromState) {
		t.Fatalf("storage's counts differ from the state's:\n%+v\n%+v", studio.Productions, fromState)
	}
	if fromState.Concerns["high"] != 1 || fromState.AckMinutes["high"] != 25 || fromState.Refusals["FA-4"] != 1 || fromState.Incidents["near_miss"] != 1 ||
		fromState.StopWorks != 1 || fromState.OverdueActions != 1 || fromState.Unacknowledged != 1 {
		t.Fatalf("counts: %+v", fromState)
	}
}

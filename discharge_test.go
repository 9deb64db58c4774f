package setsafe

import (
	"strings"
	"testing"
	"time"
)

func TestDischargesStopTheWork(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	// Rust, link 3: a misfire takes the revolver out of service.
	w.must("red-mesa", op, ReportDischarge{ID: "d1", FirearmID: "colt", Kind: "misfire", Description: "Hammer fell, no report", By: "jack"})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	refusedFor(t, evs, err, "FA-7")
	refusedFor(t, evs, err, "WS-1")
	evs, err = w.run("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true, By: "hannah"})
	refusedFor(t, evs, err, "FA-7") // not inspected since
	w.must("red-mesa", op, InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "good", By: "hannah"})
	evs, err = w.run("red-mesa", op, ReturnToService{FirearmID: "colt", By: "hannah"})
	refusedFor(t, evs, err, "FA-7") // bore not seen clear
	w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true, By: "hannah"})
	w.must("red-mesa", op, InvestigateDischarge{DischargeID: "d1", Findings: "Weak hammer spring", CorrectiveAction: "Spring replaced"})
	w.must("red-mesa", op, ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "hannah", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "jack"})

	// A second warning sign within seven days stops all firearm work.
	w.must("red-mesa", op, ReportDischarge{ID: "d2", FirearmID: "colt", Kind: "negligent_discharge", Description: "Fired while being handed over", By: "hannah"})
	w.must("red-mesa", op, InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "good", By: "hannah"})
	w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true, By: "hannah"})
	w.must("red-mesa", op, InvestigateDischarge{DischargeID: "d2", Findings: "Finger on trigger", CorrectiveAction: "Retraining"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "WS-2")
	// The review needs both signatures: the compliance contact (Luis) and
	// a producer (Dana).
	if _, err := w.run("red-mesa", op, SignOffReview{Note: "Reviewed", By: "jack"}); ErrorCode(err) != EForbidden {
		t.Fatalf("the actor signed the review: %v", err)
	}
	w.must("red-mesa", op, SignOffReview{Note: "Both incidents reviewed; retraining done", By: "luis"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "WS-2")
	w.must("red-mesa", op, SignOffReview{Note: "Agreed", By: "dana"})
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
}

// TestReportDischargeInput: the kind is one of a closed list, and when it
// happened is never in the future nor more than 30 days back.
func TestReportDischargeInput(t *testing.T) {
	tests := []struct {
		name  string
		c     ReportDischarge
		at    time.Time
		field string
	}{
		{"a kind nobody knows", ReportDischarge{Kind: "bang"}, time.Time{}, "kind"},
		{"the old catch-all kind", ReportDischarge{Kind: "discharge"}, time.Time{}, "kind"},
		{"in the future", ReportDischarge{Kind: "misfire", OccurredAt: rfc3339(t0.Add(time.Minute))}, time.Time{}, "occurred_at"},
		{"more than 30 days ago", ReportDischarge{Kind: "misfire", OccurredAt: rfc3339(t0.Add(-MaxOccurredAgo - time.Minute))}, time.Time{}, "occurred_at"},
		{"not a time", ReportDischarge{Kind: "misfire", OccurredAt: "yesterday"}, time.Time{}, "occurred_at"},
		{"30 days ago", ReportDischarge{Kind: "misfire", OccurredAt: rfc3339(t0.Add(-MaxOccurredAgo))}, t0.Add(-MaxOccurredAgo), ""},
		{"now", ReportDischarge{Kind: "hang_fire", OccurredAt: rfc3339(t0)}, t0, ""},
		{"on the set's clock (Denver, 6 hours behind)", ReportDischarge{Kind: "unexpected_recoil", OccurredAt: "2021-10-21T00:30"}, t0.Add(-30 * time.Minute), ""},
		{"not said", ReportDischarge{Kind: "suspected_squib"}, t0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := armoryWorld(t)
			c := tt.c
			c.ID, c.FirearmID, c.Description, c.By = "d1", "colt", "Went click", "hannah"
			_, err := w.run("red-mesa", SystemActor("test"), c)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				x := w.prod.Discharge("d1")
				if want := tt.at; !x.OccurredAt.Equal(want) || !x.At.Equal(t0) || !w.prod.Firearm("colt").OutOfService {
					t.Fatalf("recorded %+v, want it out of service, happened at %v, recorded at %v", x, want, t0)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Code != EInvalid || e.Fields[tt.field] == "" {
				t.Fatalf("want a problem with %s, got %v", tt.field, err)
			}
			if tt.field == "kind" && !strings.Contains(e.Fields["kind"], "unintended_discharge") {
				t.Fatalf("the problem does not name the kinds: %q", e.Fields["kind"])
			}
		})
	}
}

// TestDummiesFiredAreADischarge: an unload that counts dummies fired
// reports the discharge in the same outcome; blanks fired are counted.
func TestDummiesFiredAreADischarge(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, ReceiveAmmoLot{ID: "blanks", Label: "B-1", Kind: "blank", LoadStrength: "quarter", Calibre: ".45 Colt", Source: "PDQ Arm & Prop", Headstamp: "PDQ 45B", Count: 50,
		Origin: LotOrigin{Kind: "factory", Maker: "PDQ", Product: "45 quarter"}, By: "hannah"})
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "blanks", Rounds: 6, By: "hannah"})
	evs := w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 3, By: "hannah"})
	if len(evs) != 1 || w.prod.Firearm("colt").OutOfService || len(w.prod.Discharges()) != 0 {
		t.Fatalf("blanks fired made an incident: %+v", evs)
	}
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	if _, err := w.run("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 1, By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("dummies fired without a report to open: %v", err)
	}
	evs = w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 1, Report: "pop1", By: "hannah"})
	if len(evs) != 2 || evs[0].Type() != "firearm.unloaded" || evs[1].Type() != "firearm.discharge_reported" {
		t.Fatalf("the unload did not report the discharge: %+v", evs)
	}
	x := w.prod.Discharge("pop1")
	if x == nil || x.Kind != DischargeUnintended || !strings.Contains(x.Description, "1 round of dummy lot D-1 fired") || x.ReportedBy != "hannah" {
		t.Fatalf("discharge: %+v", x)
	}
	if !w.prod.Firearm("colt").OutOfService {
		t.Fatal("the firearm stayed in service")
	}
	evs, err := w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "FA-7")
}

// TestOnlyAQualifiedArmorerClears: an assistant armorer without a permit
// neither inspects a firearm out of service nor returns it to service.
func TestOnlyAQualifiedArmorerClears(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "rob", PersonDetails: PersonDetails{Name: "Rob"}, Roles: []Role{RoleAssistantArmorer}})
	w.must("red-mesa", op, ReportDischarge{ID: "d1", FirearmID: "colt", Kind: "suspected_squib", Description: "Weak pop, no flash", By: "hannah"})
	evs, err := w.run("red-mesa", op, InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "good", By: "rob"})
	refusedFor(t, evs, err, "FA-7")
	// A fault found keeps it out.
	w.must("red-mesa", op, InspectFirearm{FirearmID: "colt", Functions: true, Condition: "good", Note: "Wad stuck in the bore", By: "hannah"})
	evs, err = w.run("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true, By: "hannah"})
	refusedFor(t, evs, err, "FA-7")
	w.must("red-mesa", op, InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "good", Note: "Wad removed", By: "hannah"})
	evs, err = w.run("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true, By: "rob"})
	refusedFor(t, evs, err, "FA-7")
	w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true, By: "hannah"})
	if w.prod.Firearm("colt").OutOfService {
		t.Fatal("still out of service")
	}
}

// TestRepeatedDischargesCountWhenTheyHappened: two misfires a week
// apart, recorded the same day, are not two within seven days; two that
// happened within seven days but were recorded later are.
func TestRepeatedDischargesCountWhenTheyHappened(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	report := func(id string, ago time.Duration) {
		w.must("red-mesa", op, ReportDischarge{ID: id, FirearmID: "colt", Kind: "misfire", Description: "Click", OccurredAt: rfc3339(w.now.Add(-ago)), By: "hannah"})
		w.must("red-mesa", op, InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "good", By: "hannah"})
		w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true, By: "hannah"})
		w.must("red-mesa", op, InvestigateDischarge{DischargeID: id, Findings: "Spring", CorrectiveAction: "Replaced"})
	}
	report("d1", 20*24*time.Hour)
	report("d2", time.Hour)
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", By: "hannah"})
	report("d3", 5*24*time.Hour)
	evs, err := w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "WS-2")
}

// rfc3339 says t as an API client sends it.
func rfc3339(t time.Time) string { return t.Format(time.RFC3339Nano) }

// Ledgers written before reports said when they happened hold version 1
// of their bodies: each still decodes, encodes back to the bytes recorded,
// and folds into a report that happened when it was recorded.
func TestReportsBeforeTheySaidWhen(t *testing.T) {
	tests := []struct {
		typ      string
		old      string
		occurred func(s *State) time.Time
	}{
		{"firearm.discharge_reported", `{"id":"d1","firearm_id":"colt","kind":"discharge","description":"Went off","reported_by":"hannah"}`,
			func(s *State) time.Time { return s.Discharge("d1").OccurredAt }},
		{"live_round.reported", `{"id":"l1","description":"A primer","reported_by":"jack"}`,
			func(s *State) time.Time { return s.LiveRoundReport("l1").OccurredAt }},
		{"concern.raised", `{"id":"c1","category":"firearms","severity":"normal","description":"x","mode":"named","reporter":"jack","deadline":"2021-10-21T11:00:00Z"}`,
			func(s *State) time.Time { return s.Concern("c1").OccurredAt }},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			b, err := DecodeBody(tt.typ, 1, []byte(tt.old))
			if err != nil {
				t.Fatal(err)
			}
			if BodyVersionOf(b) != 1 || BodyVersion(tt.typ) < 2 {
				t.Fatalf("versions: this body %d, current %d", BodyVersionOf(b), BodyVersion(tt.typ))
			}
			if again, err := EncodeBody(b); err != nil || string(again) != tt.old {
				t.Fatalf("encoded again as %s (%v)", again, err)
			}
			w := armoryWorld(t)
			s := w.state("red-mesa")
			at := t0.Add(time.Hour)
			if err := s.Apply(Event{Ledger: "red-mesa", Seq: s.Size + 1, Time: at, Actor: SystemActor("test"), Body: b}); err != nil {
				t.Fatal(err)
			}
			if got := tt.occurred(s); !got.Equal(at) {
				t.Fatalf("the old report happened at %v, want its entry's time %v", got, at)
			}
		})
	}
}

package setsafe

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// concernWorld is a production with a safety coordinator, two locations
// and set-ups planned for today at them.
func concernWorld(t *testing.T) *world {
	w := newWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "sofia", PersonDetails: PersonDetails{Name: "Sofia"}, Roles: []Role{RoleSafetyCoordinator}})
	w.must("red-mesa", op, AddPerson{ID: "ines", PersonDetails: PersonDetails{Name: "Ines"}, Roles: []Role{RoleDepartmentHead}})
	w.must("red-mesa", op, AddLocation{ID: "church", Name: "Old church"})
	w.must("red-mesa", op, AddLocation{ID: "quarry", Name: "Quarry"})
	w.must("red-mesa", op, PlanSetUp{ID: "tower", Scene: "17", Name: "Scene 17: the bell tower", Hazards: []string{"heights"}, LocationID: "church"})
	w.must("red-mesa", op, PlanSetUp{ID: "nave", Scene: "18", Name: "Scene 18: the nave", LocationID: "church"})
	w.must("red-mesa", op, PlanSetUp{ID: "ledge", Scene: "19", Name: "Scene 19: the ledge", Hazards: []string{"heights"}, LocationID: "quarry"})
	w.must("red-mesa", op, PlanSetUp{ID: "dig", Scene: "20", Name: "Scene 20: the dig", LocationID: "quarry"})
	return w
}

// stoppedBy returns the set-ups the gate keeps from starting under rule.
func stoppedBy(t *testing.T, w *world, rule gate.RuleID) []string {
	t.Helper()
	var out []string
	for _, id := range []string{"dig", "ledge", "nave", "tower"} {
		v, err := w.prod.Verdict(w.now, gate.Action{Kind: gate.StartSetUp, From: "marcus", SetUp: w.prod.GateSetUp(id)})
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(v.Reasons, func(r gate.Reason) bool { return r.Rule == rule }) {
			out = append(out, id)
		}
	}
	return out
}

// TestCriticalConcernStopsWhatItNames: an open critical concern stops the
// set-up, the location and the hazard it names (WS-3); one that is not
// critical stops nothing; with concerns_stop_all any critical one stops
// everything.
func TestCriticalConcernStopsWhatItNames(t *testing.T) {
	tests := []struct {
		name    string
		concern RaiseConcern
		stopAll bool
		want    []string
	}{
		{"a hazard, by category", RaiseConcern{Category: CategoryHeights, Severity: SeverityCritical}, false, []string{"ledge", "tower"}},
		{"a hazard the reporter picked", RaiseConcern{Category: CategoryOther, Hazard: "heights", Severity: SeverityCritical}, false, []string{"ledge", "tower"}},
		{"a location", RaiseConcern{Category: CategoryOther, LocationID: "quarry", Severity: SeverityCritical}, false, []string{"dig", "ledge"}},
		{"a set-up", RaiseConcern{Category: CategoryOther, SetUpID: "nave", Severity: SeverityCritical}, false, []string{"nave"}},
		{"a location in words only", RaiseConcern{Category: CategoryOther, Location: "Quarry", Severity: SeverityCritical}, false, nil},
		{"nothing the gate knows", RaiseConcern{Category: CategoryFatigue, Severity: SeverityCritical}, false, nil},
		{"high, not critical", RaiseConcern{Category: CategoryHeights, LocationID: "church", Severity: SeverityHigh}, false, nil},
		{"anything, when every critical concern stops all work", RaiseConcern{Category: CategoryFatigue, Severity: SeverityCritical}, true, []string{"dig", "ledge", "nave", "tower"}},
		{"high, even when every critical concern stops all work", RaiseConcern{Category: CategoryFatigue, Severity: SeverityHigh}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := concernWorld(t)
			if tt.stopAll {
				w.must("red-mesa", PersonActor("sofia"), SetSafetyProfile{Profile: "us", ConcernsStopAll: true})
			}
			c := tt.concern
			c.ID, c.Description, c.Mode = "c1", "Loose rock and no rail", ReportNamed
			w.must("red-mesa", PersonActor("jack"), c)
			if got := stoppedBy(t, w, gate.WS3); !slices.Equal(got, tt.want) {
				t.Fatalf("stopped %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDecidingOnACriticalConcern: the safety coordinator or a producer
// decides; proceed lets the work go on, stop keeps it stopped; a resolved
// concern stops nothing.
func TestDecidingOnACriticalConcern(t *testing.T) {
	tests := []struct {
		name  string
		by    Actor
		steps []DecideConcern
		code  string
		want  []string
	}{
		{"undecided", PersonActor("sofia"), nil, "", []string{"dig", "ledge"}},
		{"proceed", PersonActor("sofia"), []DecideConcern{{Decision: DecisionProceed, Reason: "Scaled the face; rail up"}}, "", nil},
		{"a producer decides", PersonActor("dana"), []DecideConcern{{Decision: DecisionProceed, Reason: "Scaled the face"}}, "", nil},
		{"stop", PersonActor("sofia"), []DecideConcern{{Decision: DecisionStop, Reason: "Geologist first"}}, "", []string{"dig", "ledge"}},
		{"proceed, then stop again", PersonActor("sofia"), []DecideConcern{{Decision: DecisionProceed, Reason: "Rail up"}, {Decision: DecisionStop, Reason: "Rail gave way"}}, "", []string{"dig", "ledge"}},
		{"a department head handles concerns but does not decide", PersonActor("ines"), []DecideConcern{{Decision: DecisionProceed, Reason: "Fine"}}, EForbidden, []string{"dig", "ledge"}},
		{"the 1st AD does not decide", PersonActor("marcus"), []DecideConcern{{Decision: DecisionProceed, Reason: "Fine"}}, EForbidden, []string{"dig", "ledge"}},
		{"no reason", PersonActor("sofia"), []DecideConcern{{Decision: DecisionProceed}}, EInvalid, []string{"dig", "ledge"}},
		{"an unknown decision", PersonActor("sofia"), []DecideConcern{{Decision: "maybe", Reason: "Hmm"}}, EInvalid, []string{"dig", "ledge"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := concernWorld(t)
			w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c1", Category: CategoryOther, LocationID: "quarry", Severity: SeverityCritical,
				Description: "Loose rock above the dig", Mode: ReportNamed})
			for _, step := range tt.steps {
				step.ID = "c1"
				evs, err := w.run("red-mesa", tt.by, step)
				if ErrorCode(err) != tt.code {
					t.Fatalf("want %q, got %v", tt.code, err)
				}
				if err == nil && (len(evs) != 1 || evs[0].Body.(*ConcernDecided).Decision != step.Decision) {
					t.Fatalf("recorded %+v", evs)
				}
			}
			if got := stoppedBy(t, w, gate.WS3); !slices.Equal(got, tt.want) {
				t.Fatalf("stopped %v, want %v", got, tt.want)
			}
			if tt.code == "" && len(tt.steps) > 0 {
				c := w.prod.Concern("c1")
				last := tt.steps[len(tt.steps)-1]
				if c.Decision != last.Decision || c.DecisionReason != last.Reason || c.DecidedAt.IsZero() {
					t.Fatalf("concern row: %+v", c)
				}
			}
		})
	}
	t.Run("only a critical, open concern", func(t *testing.T) {
		w := concernWorld(t)
		w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityHigh, Description: "x", Mode: ReportNamed})
		w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c2", Category: CategoryOther, Severity: SeverityCritical, Description: "y", Mode: ReportNamed})
		w.must("red-mesa", PersonActor("sofia"), MoveConcern{ID: "c2", State: ConcernResolved, Why: "Fixed"})
		for _, id := range []string{"c1", "c2"} {
			if _, err := w.run("red-mesa", PersonActor("sofia"), DecideConcern{ID: id, Decision: DecisionProceed, Reason: "ok"}); ErrorCode(err) != EConflict {
				t.Errorf("%s: want a conflict, got %v", id, err)
			}
		}
		if _, err := w.run("red-mesa", PersonActor("sofia"), DecideConcern{ID: "nope", Decision: DecisionProceed, Reason: "ok"}); ErrorCode(err) != ENotFound {
			t.Errorf("want not found, got %v", err)
		}
	})
	t.Run("acknowledging does not let work go on", func(t *testing.T) {
		w := concernWorld(t)
		w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c1", Category: CategoryHeights, Severity: SeverityCritical, Description: "x", Mode: ReportNamed})
		w.must("red-mesa", PersonActor("sofia"), MoveConcern{ID: "c1", State: ConcernAcknowledged})
		if got := stoppedBy(t, w, gate.WS3); !slices.Equal(got, []string{"ledge", "tower"}) {
			t.Fatalf("stopped %v", got)
		}
	})
}

// TestRaisingAConcernThatNamesThings checks the hazard and location a
// reporter names.
func TestRaisingAConcernThatNamesThings(t *testing.T) {
	tests := []struct {
		name       string
		cmd        RaiseConcern
		field      string
		hazard     string
		locationID string
	}{
		{"the category's hazard", RaiseConcern{Category: CategoryWater}, "", "water", ""},
		{"a hazard picked besides the category", RaiseConcern{Category: CategoryEquipment, Hazard: "heights"}, "", "heights", ""},
		{"a location", RaiseConcern{Category: CategoryOther, LocationID: "church"}, "", "", "church"},
		{"an unknown hazard", RaiseConcern{Category: CategoryOther, Hazard: "volcanoes"}, "hazard", "", ""},
		{"an unknown location", RaiseConcern{Category: CategoryOther, LocationID: "moon"}, "location_id", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := concernWorld(t)
			c := tt.cmd
			c.ID, c.Severity, c.Description, c.Mode = "c1", SeverityHigh, "Something", ReportAnonymous
			c.ReceiptHash = "h"
			evs, err := w.run("red-mesa", Anonymous, c)
			if tt.field != "" {
				if e, _ := err.(*Error); e == nil || e.Fields[tt.field] == "" || len(evs) != 0 {
					t.Fatalf("want a problem with %s, got %v", tt.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b := evs[0].Body.(*ConcernRaised)
			if b.Hazard != tt.hazard || b.LocationID != tt.locationID {
				t.Fatalf("recorded %+v", b)
			}
			if cn := w.prod.Concern("c1"); cn.Hazard != tt.hazard || cn.LocationID != tt.locationID {
				t.Fatalf("row %+v", cn)
			}
		})
	}
}

// TestOlderConcernBodiesStillFold reads a concern.raised of body version
// 2, which named no location.
func TestOlderConcernBodiesStillFold(t *testing.T) {
	w := concernWorld(t)
	raw := `{"id":"old","category":"heights","severity":"critical","hazard":"heights","description":"x","mode":"named","reporter":"jack","deadline":"2021-10-21T11:00:00Z"}`
	b, err := DecodeBody("concern.raised", 2, []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.prod.Apply(Event{Ledger: "red-mesa", Seq: w.prod.Size + 1, Time: w.now, Actor: PersonActor("jack"), Body: b}); err != nil {
		t.Fatal(err)
	}
	if c := w.prod.Concern("old"); c == nil || c.Hazard != "heights" || c.LocationID != "" {
		t.Fatalf("folded %+v", c)
	}
}

// TestAnonymousCriticalConcernIsTriaged: an anonymous critical concern
// climbs the ladder until the safety coordinator triages it; acknowledging
// it is not enough; the triage is on the concern the receipt code reads,
// and names nobody but the coordinator.
func TestAnonymousCriticalConcernIsTriaged(t *testing.T) {
	tests := []struct {
		name   string
		by     Actor
		triage TriageConcern
		code   string
	}{
		{"founded", PersonActor("sofia"), TriageConcern{Triage: TriageFounded}, ""},
		{"unfounded with a reason", PersonActor("sofia"), TriageConcern{Triage: TriageUnfounded, Reason: "The rail was checked this morning"}, ""},
		{"unfounded without a reason", PersonActor("sofia"), TriageConcern{Triage: TriageUnfounded}, EInvalid},
		{"something else", PersonActor("sofia"), TriageConcern{Triage: "maybe"}, EInvalid},
		{"by a producer", PersonActor("dana"), TriageConcern{Triage: TriageFounded}, ""},
		{"by a department head", PersonActor("ines"), TriageConcern{Triage: TriageFounded}, EForbidden},
		{"by the reporter", Anonymous, TriageConcern{Triage: TriageFounded}, EUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := concernWorld(t)
			op := SystemActor("test")
			w.must("red-mesa", op, SetLadder{Clocks: []ClockSetting{{Severity: SeverityCritical, AcknowledgeMinutes: 15, ResolveMinutes: 120}}})
			w.must("red-mesa", Anonymous, RaiseConcern{ID: "c1", Category: CategoryHeights, Severity: SeverityCritical,
				Description: "No rail on the bell tower", Mode: ReportAnonymous, ReceiptHash: "h"})
			// Acknowledging does not stop the triage clock.
			w.now = t0.Add(5 * time.Minute)
			w.must("red-mesa", PersonActor("ines"), MoveConcern{ID: "c1", State: ConcernAcknowledged})
			w.now = t0.Add(15 * time.Minute)
			evs := w.must("red-mesa", op, EscalateConcern{ID: "c1"})
			if len(evs) != 1 || evs[0].Body.(*ConcernEscalated).Step != "triage" {
				t.Fatalf("an untriaged concern did not climb for its triage: %+v", evs)
			}
			w.now = t0.Add(20 * time.Minute)
			tr := tt.triage
			tr.ID = "c1"
			evs, err := w.run("red-mesa", tt.by, tr)
			if ErrorCode(err) != tt.code {
				t.Fatalf("want %q, got %v", tt.code, err)
			}
			c := w.prod.Concern("c1")
			if tt.code != "" {
				if len(evs) != 0 || c.Triage != "" || !c.NeedsTriage() {
					t.Fatalf("recorded %+v, concern %+v", evs, c)
				}
				return
			}
			if c.Triage != tr.Triage || c.TriageReason != tr.Reason || c.NeedsTriage() {
				t.Fatalf("concern %+v", c)
			}
			// Triage does the acknowledging step: resolving is due by the
			// resolution clock from when it was raised.
			if want := t0.Add(2 * time.Hour); !c.Deadline.Equal(want) {
				t.Fatalf("deadline %v, want %v", c.Deadline, want)
			}
			w.now = t0.Add(119 * time.Minute)
			if evs := w.must("red-mesa", op, EscalateConcern{ID: "c1"}); len(evs) != 0 {
				t.Fatalf("a triaged concern climbed before its resolution was due: %+v", evs)
			}
			// What the receipt code reads: the concern and its conversation.
			msgs := w.prod.ConcernMessages("c1")
			if last := msgs[len(msgs)-1]; last.Kind != tr.Triage || last.Text != tr.Reason {
				t.Fatalf("conversation ends with %+v", last)
			}
			// Nothing links the reporter: the concern names nobody, and the
			// triage names only who triaged it.
			if c.Reporter != "" || c.ReporterSeal != "" {
				t.Fatalf("the concern names its reporter: %+v", c)
			}
			data, err := json.Marshal(evs[0].Body)
			if err != nil {
				t.Fatal(err)
			}
			var fields map[string]any
			if err := json.Unmarshal(data, &fields); err != nil {
				t.Fatal(err)
			}
			for k := range fields {
				if !slices.Contains([]string{"id", "triage", "reason", "by", "deadline"}, k) {
					t.Errorf("the triage records %s", k)
				}
			}
			if who := tt.by.ID; fields["by"] != who {
				t.Errorf("by = %v, want %s", fields["by"], who)
			}
		})
	}
}

// TestNamedConcernsNeedNoTriage: a concern raised by name climbs for its
// acknowledging as before; triage is for anonymous critical concerns.
func TestNamedConcernsNeedNoTriage(t *testing.T) {
	w := concernWorld(t)
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c1", Category: CategoryHeights, Severity: SeverityCritical, Description: "x", Mode: ReportNamed})
	w.must("red-mesa", Anonymous, RaiseConcern{ID: "c2", Category: CategoryHeights, Severity: SeverityHigh, Description: "y", Mode: ReportAnonymous, ReceiptHash: "h"})
	for _, id := range []string{"c1", "c2"} {
		if w.prod.Concern(id).NeedsTriage() {
			t.Errorf("%s needs triage", id)
		}
	}
	w.now = t0.Add(24 * time.Hour)
	evs := w.must("red-mesa", SystemActor("test"), EscalateConcern{ID: "c1"})
	if len(evs) != 1 || evs[0].Body.(*ConcernEscalated).Step != "acknowledge" {
		t.Fatalf("escalated %+v", evs)
	}
}

// TestStopWorkAtALocation stops every set-up placed at a location, and
// nothing elsewhere (WS-4).
func TestStopWorkAtALocation(t *testing.T) {
	tests := []struct {
		name  string
		cmd   CallStopWork
		field string
		want  []string
	}{
		{"a location", CallStopWork{Scope: gate.ScopeLocation, LocationID: "church"}, "", []string{"nave", "tower"}},
		{"a hazard", CallStopWork{Scope: gate.ScopeHazard, Hazard: "heights"}, "", []string{"ledge", "tower"}},
		{"a location nobody added", CallStopWork{Scope: gate.ScopeLocation, LocationID: "moon"}, "location_id", nil},
		{"no location", CallStopWork{Scope: gate.ScopeLocation}, "location_id", nil},
		{"an unknown scope", CallStopWork{Scope: "planet"}, "scope", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := concernWorld(t)
			c := tt.cmd
			c.ID, c.Reason = "sw1", "Gas smell in the crypt"
			evs, err := w.run("red-mesa", PersonActor("jack"), c)
			if tt.field != "" {
				if e, _ := err.(*Error); e == nil || e.Fields[tt.field] == "" || len(evs) != 0 {
					t.Fatalf("want a problem with %s, got %v", tt.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b := evs[0].Body.(*StopWorkCalled); b.LocationID != c.LocationID {
				t.Fatalf("recorded %+v", b)
			}
			if got := stoppedBy(t, w, gate.WS4); !slices.Equal(got, tt.want) {
				t.Fatalf("stopped %v, want %v", got, tt.want)
			}
			w.must("red-mesa", PersonActor("sofia"), LiftStopWork{ID: "sw1", Resolution: "Gas off, aired"})
			if got := stoppedBy(t, w, gate.WS4); len(got) != 0 {
				t.Fatalf("still stopped after the lift: %v", got)
			}
		})
	}
}

// TestSafetySettingsForConcernsAndMedics sets concerns_stop_all and
// medic_for, as the API and the safety settings page do.
func TestSafetySettingsForConcernsAndMedics(t *testing.T) {
	tests := []struct {
		name     string
		cmd      SetSafetyProfile
		field    string
		medicFor []string
		stopAll  bool
	}{
		{"the profile's", SetSafetyProfile{Profile: "us"}, "", gate.DefaultParams.MedicFor, false},
		{"every critical concern stops all work", SetSafetyProfile{Profile: "us", ConcernsStopAll: true}, "", gate.DefaultParams.MedicFor, true},
		{"a medic for animals too", SetSafetyProfile{Profile: "us", MedicFor: append([]string{"animals"}, gate.DefaultParams.MedicFor...)}, "",
			sortedCopy(append([]string{"animals"}, gate.DefaultParams.MedicFor...)), false},
		{"an unknown hazard", SetSafetyProfile{Profile: "us", MedicFor: []string{"volcanoes"}}, "medic_for", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := concernWorld(t)
			_, err := w.run("red-mesa", PersonActor("sofia"), tt.cmd)
			if tt.field != "" {
				if e, _ := err.(*Error); e == nil || e.Fields[tt.field] == "" {
					t.Fatalf("want a problem with %s, got %v", tt.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rules, err := w.prod.SafetyRules()
			if err != nil {
				t.Fatal(err)
			}
			got := sortedCopy(rules.Params.MedicFor)
			if !slices.Equal(got, sortedCopy(tt.medicFor)) || rules.Params.ConcernsStopAll != tt.stopAll {
				t.Fatalf("medic for %v, stop all %v", got, rules.Params.ConcernsStopAll)
			}
		})
	}
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

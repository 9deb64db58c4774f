package setsafe

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// preparationWorld is a production with the people who record
// preparations and today's set-ups that need them: by the railroad, on
// the water, with pyrotechnics and with a stunt, and one of yesterday.
func preparationWorld(t *testing.T) *world {
	w := newWorld(t)
	op := SystemActor("test")
	for id, r := range map[string]Role{"ray": RoleRailroadRep, "sid": RoleSafetyDiver, "pia": RolePyrotechnician, "stu": RoleStuntCoordinator} {
		w.must("red-mesa", op, AddPerson{ID: id, PersonDetails: PersonDetails{Name: strings.ToUpper(id[:1]) + id[1:]}, Roles: []Role{r}})
	}
	for id, hz := range map[string]string{"rail": gate.HazardRailroad, "lake": gate.HazardWater, "fire": gate.HazardPyrotechnics, "stunt": gate.HazardStunts} {
		w.must("red-mesa", op, PlanSetUp{ID: id, Scene: "7", Name: "Scene 7 " + id, Hazards: []string{hz}})
	}
	w.must("red-mesa", op, PlanSetUp{ID: "old", Day: "2021-10-20", Scene: "6", Name: "Scene 6", Hazards: []string{gate.HazardRailroad}})
	return w
}

func num(f float64) *float64 { return &f }

// pdf is a small document, as a dive plan would be.
var pdf = NewFile("application/pdf", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"))

// TestRecordPreparation records preparations of each flag of kind
// (document, window, limit, count) and of none, by those whose duty it is
// and by others, with the facts their kind takes and others.
func TestRecordPreparation(t *testing.T) {
	now := t0 // 01:00 on 21 October on set
	from, until := now.Add(-time.Hour).Format(time.RFC3339), now.Add(2*time.Hour).Format(time.RFC3339)
	tests := []struct {
		name  string
		actor Actor
		cmd   RecordPreparation
		code  string // the error code wanted, or ""
		field string // the field an EInvalid names
		types []string
	}{
		{"the railroad's representative records a track window", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowFrom: from, WindowUntil: until, ConfirmedBy: "BNSF dispatcher Ortiz"}, "", "", []string{"preparation.recorded"}},
		{"a window on the set's clock", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowFrom: "2021-10-21T00:30", WindowUntil: "2021-10-21T03:00", ConfirmedBy: "Ortiz"}, "", "", []string{"preparation.recorded"}},
		{"a safety diver does not record a track window", PersonActor("sid"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowFrom: from, WindowUntil: until, ConfirmedBy: "Ortiz"}, EForbidden, "", nil},
		{"a producer does not record a track window", PersonActor("dana"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowFrom: from, WindowUntil: until, ConfirmedBy: "Ortiz"}, EForbidden, "", nil},
		{"an investigator records nothing", PersonActor("grace"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail"}, EForbidden, "", nil},
		{"a window needs who confirmed it", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowFrom: from, WindowUntil: until}, EInvalid, "confirmed_by", nil},
		{"a window ends after it starts", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowFrom: until, WindowUntil: from, ConfirmedBy: "Ortiz"}, EInvalid, "window_until", nil},
		{"a window needs its start", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowUntil: until, ConfirmedBy: "Ortiz"}, EInvalid, "window_from", nil},
		{"a window counts nothing", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "rail", Ready: true, WindowFrom: from, WindowUntil: until, ConfirmedBy: "Ortiz", Count: 2}, EInvalid, "count", nil},
		{"the safety diver records the wind against its limit", PersonActor("sid"),
			RecordPreparation{Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(40), Reading: num(12.5)}, "", "", []string{"preparation.recorded"}},
		{"a calm reading of nought", PersonActor("sid"),
			RecordPreparation{Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(40), Reading: num(0)}, "", "", []string{"preparation.recorded"}},
		{"a limit needs its reading", PersonActor("sid"),
			RecordPreparation{Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(40)}, EInvalid, "reading", nil},
		{"a limit is not negative", PersonActor("sid"),
			RecordPreparation{Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(-1), Reading: num(3)}, EInvalid, "limit", nil},
		{"a limit has no window", PersonActor("sid"),
			RecordPreparation{Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(40), Reading: num(3), ConfirmedBy: "Coast guard"}, EInvalid, "confirmed_by", nil},
		{"the pyrotechnician counts the charges placed", PersonActor("pia"),
			RecordPreparation{Kind: "exclusion_zone", SetUpID: "fire", Ready: true, Count: 6}, "", "", []string{"preparation.recorded"}},
		{"a count is at least one", PersonActor("pia"),
			RecordPreparation{Kind: "exclusion_zone", SetUpID: "fire", Ready: true}, EInvalid, "count", nil},
		{"a count has no reading", PersonActor("pia"),
			RecordPreparation{Kind: "exclusion_zone", SetUpID: "fire", Ready: true, Count: 6, Reading: num(3)}, EInvalid, "reading", nil},
		{"the safety diver attaches the dive plan with its record", PersonActor("sid"),
			RecordPreparation{Kind: "dive_plan", SetUpID: "lake", Ready: true, Document: &pdf}, "", "", []string{"file.attached", "preparation.recorded"}},
		{"a dive plan needs its document", PersonActor("sid"),
			RecordPreparation{Kind: "dive_plan", SetUpID: "lake", Ready: true}, EInvalid, "file_id", nil},
		{"a dive plan's document is attached to its set-up", PersonActor("sid"),
			RecordPreparation{Kind: "dive_plan", SetUpID: "lake", Ready: true, FileID: pdf.SHA256}, EInvalid, "file_id", nil},
		{"a walk-through has no document", PersonActor("stu"),
			RecordPreparation{Kind: "stunt_rehearsal", SetUpID: "stunt", Ready: true, FileID: pdf.SHA256}, EInvalid, "file_id", nil},
		{"a walk-through states only that it was done", PersonActor("stu"),
			RecordPreparation{Kind: "stunt_rehearsal", SetUpID: "stunt", Ready: true, Notes: "Walked through twice with the driver"}, "", "", []string{"preparation.recorded"}},
		{"a preparation the set-up's hazards do not need", PersonActor("sid"),
			RecordPreparation{Kind: "dive_plan", SetUpID: "rail", Ready: true, Document: &pdf}, EInvalid, "kind", nil},
		{"a kind of preparation no one knows", PersonActor("sid"),
			RecordPreparation{Kind: "vibes", SetUpID: "lake", Ready: true}, EInvalid, "kind", nil},
		{"a set-up of yesterday", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "old", Ready: true, WindowFrom: from, WindowUntil: until, ConfirmedBy: "Ortiz"}, EConflict, "", nil},
		{"no such set-up", PersonActor("ray"),
			RecordPreparation{Kind: "track_window", SetUpID: "nope", Ready: true, WindowFrom: from, WindowUntil: until, ConfirmedBy: "Ortiz"}, ENotFound, "", nil},
		{"done in the future", PersonActor("stu"),
			RecordPreparation{Kind: "stunt_rehearsal", SetUpID: "stunt", Ready: true, OccurredAt: now.Add(time.Hour).Format(time.RFC3339)}, EInvalid, "occurred_at", nil},
		{"the operator names who made it", SystemActor("test"),
			RecordPreparation{Kind: "stunt_rehearsal", SetUpID: "stunt", Ready: true, By: "stu"}, "", "", []string{"preparation.recorded"}},
		{"the operator names someone whose duty it is not", SystemActor("test"),
			RecordPreparation{Kind: "stunt_rehearsal", SetUpID: "stunt", Ready: true, By: "sid"}, EInvalid, "by", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := preparationWorld(t)
			tt.cmd.ID = "prep1"
			evs, err := w.run("red-mesa", tt.actor, tt.cmd)
			if tt.code != "" {
				if ErrorCode(err) != tt.code {
					t.Fatalf("got %v, want %s", err, tt.code)
				}
				if e, _ := err.(*Error); tt.field != "" && (e == nil || e.Fields[tt.field] == "") {
					t.Fatalf("the refusal names no problem with %s: %v", tt.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, e := range evs {
				types = append(types, e.Type())
			}
			if !slices.Equal(types, tt.types) {
				t.Fatalf("events %v, want %v", types, tt.types)
			}
			p := w.prod.Preparation("prep1")
			if p == nil || p.Kind != tt.cmd.Kind || p.Day != "2021-10-21" || !p.Ready {
				t.Fatalf("recorded %+v", p)
			}
			if tt.cmd.Document != nil && (p.FileID != pdf.SHA256 || !slices.ContainsFunc(w.prod.Attachments(), func(a *Attachment) bool {
				return a.Subject == SubjectSetUp && a.SubjectID == tt.cmd.SetUpID && a.File == pdf.SHA256
			})) {
				t.Errorf("the document is not attached to the set-up: %+v", p)
			}
		})
	}
}

// TestOnlyTheQualifiedRecord says who may record a preparation, naming
// those who may when it refuses.
func TestOnlyTheQualifiedRecord(t *testing.T) {
	w := preparationWorld(t)
	_, err := w.run("red-mesa", PersonActor("jack"), RecordPreparation{ID: "p1", Kind: "weather_limits", SetUpID: "lake", Limit: num(40), Reading: num(3)})
	msg := ErrorMessage(err)
	for _, who := range []string{"safety diver", "aviation coordinator", "licensed drone pilot", "safety coordinator"} {
		if !strings.Contains(msg, who) {
			t.Errorf("the refusal does not name the %s: %q", who, msg)
		}
	}
	for kind, want := range map[string]bool{"weather_limits": true, "dive_plan": true, "track_window": false, "nope": false} {
		if got := CanRecordPreparation(AccessFor(PersonActor("sid"), w.site, w.prod), kind); got != want {
			t.Errorf("a safety diver may record %s: %v, want %v", kind, got, want)
		}
	}
}

// verdictOn returns the rules that fail starting a set-up at now.
func verdictOn(t *testing.T, w *world, now time.Time, setup string) []gate.RuleID {
	t.Helper()
	v, err := w.prod.Verdict(now, gate.Action{Kind: gate.StartSetUp, From: "marcus", SetUp: w.prod.GateSetUp(setup)})
	if err != nil {
		t.Fatal(err)
	}
	return v.Rules()
}

// TestPreparationsDecideTheGate asks the gate about set-ups as their
// preparations are recorded: a railroad's track window that does not yet,
// then does, then no longer holds, and a wind reading over its limit.
func TestPreparationsDecideTheGate(t *testing.T) {
	window := func(w *world, id string, from, until time.Time) {
		w.must("red-mesa", PersonActor("ray"), RecordPreparation{ID: id, Kind: "track_window", SetUpID: "rail", Ready: true,
			WindowFrom: from.Format(time.RFC3339), WindowUntil: until.Format(time.RFC3339), ConfirmedBy: "BNSF dispatcher Ortiz"})
	}
	wind := func(w *world, id string, limit, reading float64) {
		w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: id, Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(limit), Reading: num(reading)})
	}
	divePlan := func(w *world) {
		w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: "dive", Kind: "dive_plan", SetUpID: "lake", Ready: true, Document: &pdf})
	}
	tests := []struct {
		name   string
		record func(w *world)
		setup  string
		at     time.Duration // after t0
		rule   gate.RuleID
		fails  bool
	}{
		{"a railroad set-up without a track window", func(*world) {}, "rail", 0, "RR-3", true},
		{"a track window holding now", func(w *world) { window(w, "tw", t0.Add(-time.Hour), t0.Add(2*time.Hour)) }, "rail", 0, "RR-3", false},
		{"a track window that has passed", func(w *world) { window(w, "tw", t0.Add(-time.Hour), t0.Add(2*time.Hour)) }, "rail", 3 * time.Hour, "RR-3", true},
		{"a track window not yet open", func(w *world) { window(w, "tw", t0.Add(time.Hour), t0.Add(2*time.Hour)) }, "rail", 0, "RR-3", true},
		{"a track window recorded not ready", func(w *world) {
			w.must("red-mesa", PersonActor("ray"), RecordPreparation{ID: "tw", Kind: "track_window", SetUpID: "rail",
				WindowFrom: t0.Add(-time.Hour).Format(time.RFC3339), WindowUntil: t0.Add(time.Hour).Format(time.RFC3339), ConfirmedBy: "Ortiz", Notes: "Freight running late"})
		}, "rail", 0, "RR-3", true},
		{"a track window superseded by one that holds", func(w *world) {
			window(w, "tw1", t0.Add(time.Hour), t0.Add(2*time.Hour))
			window(w, "tw2", t0.Add(-time.Hour), t0.Add(2*time.Hour))
		}, "rail", 0, "RR-3", false},
		{"a track window that holds superseded by one that does not", func(w *world) {
			window(w, "tw1", t0.Add(-time.Hour), t0.Add(2*time.Hour))
			window(w, "tw2", t0.Add(time.Hour), t0.Add(2*time.Hour))
		}, "rail", 0, "RR-3", true},
		{"wind over its limit on the water", func(w *world) { divePlan(w); wind(w, "wx", 30, 45) }, "lake", 0, "WA-3", true},
		{"wind within its limit on the water", func(w *world) { divePlan(w); wind(w, "wx", 30, 12) }, "lake", 0, "WA-3", false},
		{"a wind reading gone stale", func(w *world) { divePlan(w); wind(w, "wx", 30, 12) }, "lake", 2 * time.Hour, "WA-3", true},
		{"wind within its limit and no dive plan", func(w *world) { wind(w, "wx", 30, 12) }, "lake", 0, "WA-3", true},
		{"the charges counted", func(w *world) {
			w.must("red-mesa", PersonActor("pia"), RecordPreparation{ID: "ez", Kind: "exclusion_zone", SetUpID: "fire", Ready: true, Count: 4})
		}, "fire", 0, "PY-3", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := preparationWorld(t)
			tt.record(w)
			if failed := slices.Contains(verdictOn(t, w, t0.Add(tt.at), tt.setup), tt.rule); failed != tt.fails {
				t.Errorf("%s fails: %v, want %v", tt.rule, failed, tt.fails)
			}
		})
	}
}

// TestPreparationsAreKept records a preparation twice: both records stay,
// the earliest first, and the latest decides.
func TestPreparationsAreKept(t *testing.T) {
	w := preparationWorld(t)
	w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: "w1", Kind: "weather_limits", SetUpID: "lake", Limit: num(30), Reading: num(45), Notes: "Gusting"})
	w.now = t0.Add(10 * time.Minute)
	w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: "w2", Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(30), Reading: num(18)})
	all := w.prod.PreparationsOf("lake")
	if len(all) != 2 || all[0].ID != "w1" || all[1].ID != "w2" {
		t.Fatalf("the set-up's preparations: %v", all)
	}
	if latest := w.prod.LatestPreparations("lake", "2021-10-21")["weather_limits"]; latest == nil || latest.ID != "w2" || latest.Reading != 18 {
		t.Errorf("the latest: %+v", latest)
	}
	sit, err := w.prod.SituationFor(w.now, gate.Action{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sit.Preparations) != 2 || sit.Preparations[1].Reading != 18 || sit.Preparations[1].By != "sid" {
		t.Errorf("the gate reads %+v", sit.Preparations)
	}
	// Done earlier than the first, a record recorded later does not
	// decide.
	w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: "w3", Kind: "weather_limits", SetUpID: "lake", Limit: num(30), Reading: num(50),
		OccurredAt: t0.Add(-time.Minute).Format(time.RFC3339)})
	if latest := w.prod.LatestPreparations("lake", "2021-10-21")["weather_limits"]; latest.ID != "w2" {
		t.Errorf("the latest is %s, want w2", latest.ID)
	}
	if needs := w.prod.PreparationsNeeded("lake"); len(needs) != 2 || needs[0].ID != "dive_plan" || needs[1].ID != "weather_limits" {
		t.Errorf("the water needs %v", needs)
	}
}

// TestPreparationStatuses says where each preparation a set-up needs
// stands, as the gate reads them.
func TestPreparationStatuses(t *testing.T) {
	w := preparationWorld(t)
	states := func(setup string, at time.Time) []string {
		var out []string
		for _, st := range w.prod.PreparationStatuses(setup, at) {
			out = append(out, st.Kind.ID+" "+st.State)
		}
		return out
	}
	if got := states("lake", t0); !slices.Equal(got, []string{"dive_plan missing", "weather_limits missing"}) {
		t.Errorf("before anything is recorded: %v", got)
	}
	w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: "d", Kind: "dive_plan", SetUpID: "lake", Document: &pdf})
	w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: "wx", Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(30), Reading: num(45)})
	if got := states("lake", t0); !slices.Equal(got, []string{"dive_plan not_ready", "weather_limits over_limit"}) {
		t.Errorf("a plan not ready and wind over its limit: %v", got)
	}
	w.must("red-mesa", PersonActor("sid"), RecordPreparation{ID: "wx2", Kind: "weather_limits", SetUpID: "lake", Ready: true, Limit: num(30), Reading: num(5)})
	if got := states("lake", t0.Add(90*time.Minute)); !slices.Equal(got, []string{"dive_plan not_ready", "weather_limits stale"}) {
		t.Errorf("a reading an hour and a half old: %v", got)
	}
	w.must("red-mesa", PersonActor("ray"), RecordPreparation{ID: "tw", Kind: "track_window", SetUpID: "rail", Ready: true,
		WindowFrom: t0.Format(time.RFC3339), WindowUntil: t0.Add(time.Hour).Format(time.RFC3339), ConfirmedBy: "Ortiz"})
	if got := states("rail", t0.Add(2*time.Hour)); !slices.Equal(got, []string{"track_window window_not_holding"}) {
		t.Errorf("a window that has passed: %v", got)
	}
	if docs := w.prod.SetUpDocuments("lake"); len(docs) != 1 || !w.prod.IsSetUpDocument(pdf.SHA256) {
		t.Errorf("the set-up's documents: %v", docs)
	}
}

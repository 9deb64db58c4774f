package http_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// seedLocations adds two locations and today's set-ups at them: the bell
// tower (heights) and the nave at the church, the ledge (heights) and the
// dig at the quarry.
func seedLocations(t *testing.T, ts *testServer) {
	t.Helper()
	db, op := ts.env.DB, storagetest.Operator
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, setsafe.AddLocation{ID: "church", Name: "Old church"}))
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, setsafe.AddLocation{ID: "quarry", Name: "Quarry"}))
	for _, u := range []setsafe.PlanSetUp{
		{ID: "tower", Scene: "17", Name: "Scene 17: the bell tower", Hazards: []string{"heights"}, LocationID: "church"},
		{ID: "nave", Scene: "18", Name: "Scene 18: the nave", LocationID: "church"},
		{ID: "ledge", Scene: "19", Name: "Scene 19: the ledge", Hazards: []string{"heights"}, LocationID: "quarry"},
		{ID: "dig", Scene: "20", Name: "Scene 20: the dig", LocationID: "quarry"},
	} {
		storagetest.MustAppend(t, db, setsafe.On("red-mesa", op, u))
	}
}

// stoppedToday returns the set-ups today's board shows stopped under rule.
func stoppedToday(t *testing.T, ts *testServer, rule gate.RuleID) []string {
	t.Helper()
	day := decode[sshttp.DayView](t, concernCall(t, ts, "first_ad", "GET", "/api/v1/productions/red-mesa/today", ""))
	var out []string
	for _, u := range day.SetUps {
		if slices.ContainsFunc(u.Verdict.Reasons, func(r gate.Reason) bool { return r.Rule == rule }) {
			out = append(out, u.ID)
		}
	}
	slices.Sort(out)
	return out
}

// TestConcernDecisionsThroughTheAPI: a critical concern naming a location
// stops the set-ups there until the safety coordinator decides to proceed;
// one naming a hazard stops that hazard's set-ups; a production may make
// every critical concern stop all work and list the hazards that need a
// medic; a stop-work may stop a location.
func TestConcernDecisionsThroughTheAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			seedLocations(t, ts)
			prod := "/api/v1/productions/red-mesa"
			must := ts.caller(t)

			if e := errorOf(t, must("crew", "POST", prod+"/concerns", `{"category":"other","severity":"critical","location_id":"moon","hazard":"volcanoes","description":"x","mode":"named"}`,
				http.StatusBadRequest)); e.Fields["location_id"] == "" || e.Fields["hazard"] == "" {
				t.Errorf("unknown location and hazard: %+v", e)
			}
			quarry := decode[sshttp.RecordedResult](t, must("crew", "POST", prod+"/concerns",
				`{"category":"other","severity":"critical","location_id":"quarry","description":"Loose rock above the dig","mode":"named"}`, http.StatusCreated)).ID
			if got := stoppedToday(t, ts, gate.WS3); !slices.Equal(got, []string{"dig", "ledge"}) {
				t.Fatalf("a concern about the quarry stops %v", got)
			}
			d := decode[sshttp.ConcernDetail](t, concernCall(t, ts, "safety_coordinator", "GET", prod+"/concerns/"+quarry, ""))
			if d.Concern.LocationID != "quarry" {
				t.Errorf("the concern names %q", d.Concern.LocationID)
			}

			// Who decides, and how.
			decision := prod + "/concerns/" + quarry + "/decision"
			must("department_head", "POST", decision, `{"decision":"proceed","reason":"Looks fine"}`, http.StatusForbidden)
			if e := errorOf(t, must("safety_coordinator", "POST", decision, `{"decision":"proceed"}`, http.StatusBadRequest)); e.Fields["reason"] == "" {
				t.Errorf("no reason: %+v", e)
			}
			must("safety_coordinator", "POST", decision, `{"decision":"proceed","reason":"Face scaled; netting up"}`, http.StatusOK)
			if got := stoppedToday(t, ts, gate.WS3); len(got) != 0 {
				t.Fatalf("stopped after the decision to proceed: %v", got)
			}
			must("producer", "POST", decision, `{"decision":"stop","reason":"The netting tore"}`, http.StatusOK)
			if got := stoppedToday(t, ts, gate.WS3); !slices.Equal(got, []string{"dig", "ledge"}) {
				t.Fatalf("after the decision to stop: %v", got)
			}
			d = decode[sshttp.ConcernDetail](t, concernCall(t, ts, "safety_coordinator", "GET", prod+"/concerns/"+quarry, ""))
			if d.Concern.Decision != "stop" || d.Concern.DecisionReason != "The netting tore" {
				t.Errorf("the concern's decision: %+v", d.Concern.Concern)
			}
			concernCall(t, ts, "safety_coordinator", "POST", prod+"/concerns/"+quarry+"/move", `{"state":"resolved","why":"Rock removed"}`)

			// A hazard the reporter picks.
			heights := decode[sshttp.RecordedResult](t, must("crew", "POST", prod+"/concerns",
				`{"category":"equipment","hazard":"heights","severity":"critical","description":"Harness buckles cracked","mode":"named"}`, http.StatusCreated)).ID
			if got := stoppedToday(t, ts, gate.WS3); !slices.Equal(got, []string{"ledge", "tower"}) {
				t.Fatalf("a heights concern stops %v", got)
			}
			// Every critical concern stops all work, when the production
			// says so; a medic for animals too.
			settings, _ := json.Marshal(sshttp.SafetyRequest{Profile: "us", ConcernsStopAll: true, MedicFor: append([]string{"animals"}, gate.DefaultParams.MedicFor...)})
			must("safety_coordinator", "PUT", prod+"/safety", string(settings), http.StatusOK)
			if got := stoppedToday(t, ts, gate.WS3); !slices.Equal(got, []string{"dig", "ledge", "nave", "tower"}) {
				t.Fatalf("with concerns_stop_all: %v", got)
			}
			if e := errorOf(t, must("safety_coordinator", "PUT", prod+"/safety", `{"profile":"us","medic_for":["volcanoes"]}`, http.StatusBadRequest)); e.Fields["medic_for"] == "" {
				t.Errorf("an unknown hazard needs a medic: %+v", e)
			}
			concernCall(t, ts, "safety_coordinator", "POST", prod+"/concerns/"+heights+"/decision", `{"decision":"proceed","reason":"Harnesses replaced"}`)
			if got := stoppedToday(t, ts, gate.WS3); len(got) != 0 {
				t.Fatalf("stopped after the decision to proceed: %v", got)
			}

			// A stop-work on a location.
			if e := errorOf(t, must("crew", "POST", prod+"/stop-works", `{"scope":"location","location_id":"moon","reason":"Gas"}`, http.StatusBadRequest)); e.Fields["location_id"] == "" {
				t.Errorf("an unknown location: %+v", e)
			}
			sw := decode[sshttp.RecordedResult](t, must("crew", "POST", prod+"/stop-works", `{"scope":"location","location_id":"church","reason":"Gas smell in the crypt"}`, http.StatusCreated)).ID
			if got := stoppedToday(t, ts, gate.WS4); !slices.Equal(got, []string{"nave", "tower"}) {
				t.Fatalf("a stop-work at the church stops %v", got)
			}
			w := decode[setsafe.StopWork](t, concernCall(t, ts, "crew", "GET", prod+"/stop-works/"+sw, ""))
			if w.Scope != "location" || w.LocationID != "church" {
				t.Errorf("the stop-work: %+v", w)
			}
		})
	}
}

// TestAnonymousTriageThroughTheAPI: the safety coordinator triages an
// anonymous critical concern; its reporter reads the triage with the
// receipt code; the triage's entry names nobody but the coordinator.
func TestAnonymousTriageThroughTheAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			seedLocations(t, ts)
			prod := "/api/v1/productions/red-mesa"
			must := ts.caller(t)
			// It names heights and the church: the heights set-ups and
			// every set-up at the church stop.
			receipt := decode[sshttp.ReceiptResult](t, must("", "POST", "/api/v1/report/red-mesa/concerns",
				`{"category":"other","severity":"critical","hazard":"heights","location_id":"church","description":"No rail on the bell tower"}`, http.StatusCreated))
			if got := stoppedToday(t, ts, gate.WS3); !slices.Equal(got, []string{"ledge", "nave", "tower"}) {
				t.Fatalf("the anonymous concern stops %v", got)
			}
			triage := prod + "/concerns/" + receipt.ID + "/triage"
			must("department_head", "POST", triage, `{"triage":"founded"}`, http.StatusForbidden)
			if e := errorOf(t, must("safety_coordinator", "POST", triage, `{"triage":"unfounded"}`, http.StatusBadRequest)); e.Fields["reason"] == "" {
				t.Errorf("unfounded without a reason: %+v", e)
			}
			must("safety_coordinator", "POST", triage, `{"triage":"unfounded","reason":"The rail was inspected this morning"}`, http.StatusOK)

			code, _ := json.Marshal(receipt.Code)
			read := decode[sshttp.ConcernDetail](t, concernCall(t, ts, "", "POST", "/api/v1/report/red-mesa/receipt", `{"code":`+string(code)+`}`))
			if read.Concern.Triage != "unfounded" || read.Concern.TriageReason != "The rail was inspected this morning" || read.Concern.State != setsafe.ConcernAcknowledged {
				t.Fatalf("the reporter reads %+v", read.Concern.Concern)
			}
			if last := read.Messages[len(read.Messages)-1]; last.Kind != "unfounded" || last.Text != "The rail was inspected this morning" {
				t.Errorf("the conversation ends with %+v", last)
			}
			// And on the receipt page.
			if status, _, page := postForm(t, ts, "", "/report/red-mesa/receipt", url.Values{"code": {receipt.Code}}); status != http.StatusOK ||
				!strings.Contains(page, "The safety coordinator found it unfounded:") || !strings.Contains(page, "The rail was inspected this morning") {
				t.Errorf("the receipt page: %d %.400s", status, page)
			}
			if read.Concern.Reporter != "" {
				t.Errorf("the concern names its reporter: %+v", read.Concern.Concern)
			}
			entries := decode[sshttp.EntriesView](t, concernCall(t, ts, "producer", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", ""))
			last := entries.Entries[len(entries.Entries)-1]
			raw, _ := json.Marshal(last)
			if last.Type != "concern.triaged" || last.Actor == "anonymous" {
				t.Fatalf("the triage's entry: %s", raw)
			}
			for _, r := range setsafe.Roles {
				if r != setsafe.RoleSafetyCoordinator && ts.ids[string(r)] != "" && strings.Contains(string(raw), ts.ids[string(r)]) {
					t.Errorf("the triage's entry names the %s: %s", r, raw)
				}
			}
			// Triage is not a decision: the concern still stops its work.
			if got := stoppedToday(t, ts, gate.WS3); !slices.Equal(got, []string{"ledge", "nave", "tower"}) {
				t.Fatalf("after triage the concern stops %v", got)
			}
		})
	}
}

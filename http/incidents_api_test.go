package http_test

import (
	"encoding/csv"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/escalation"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/storagetest"
)

// TestIncidentRegister runs the register through the API on both
// databases: a discharge opens its incident by itself; a near miss is
// recorded in a hurry and filled in by its reporter; it is investigated,
// its corrective action climbs the ladder when overdue, its timeline
// holds what came before, and it closes with two signatures.
func TestIncidentRegister(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			firearm := ts.ids["firearm"]

			// A misfire is an incident already.
			rec := decode[sshttp.RecordedResult](t, call("crew", "POST", prod+"/firearms/"+firearm+"/discharges",
				`{"kind":"misfire","description":"Hammer fell, no report"}`, http.StatusCreated))
			misfire := rec.ID
			list := decode[sshttp.IncidentsView](t, call("safety_coordinator", "GET", prod+"/incidents", "", http.StatusOK))
			if len(list.Incidents) != 1 || list.Incidents[0].ID != misfire || list.Incidents[0].Kind != incident.KindMalfunction ||
				list.Incidents[0].Source != "firearm.discharge_reported" || !slices.Equal(list.Incidents[0].Firearms, []string{firearm}) {
				t.Fatalf("incidents after a misfire: %+v", list.Incidents)
			}

			// A near miss in a hurry: the kind is enough.
			e := errorOf(t, call("cast", "POST", prod+"/incidents", `{"kind":"accident"}`, http.StatusBadRequest))
			if e.Fields["kind"] == "" {
				t.Fatalf("an unknown kind: %+v", e)
			}
			a := ts.keyedCall(t, "cast", "POST", prod+"/incidents", "", `{"kind":"near_miss"}`)
			if a.status != http.StatusCreated || a.location == "" {
				t.Fatalf("open: %d %s %s", a.status, a.location, a.body)
			}
			near := decode[sshttp.RecordedResult](t, a.body).ID
			call("cast", "POST", prod+"/incidents/"+near+"/correction", `{"description":"A light stand fell where I had stood","witnesses":["`+ts.ids["first_ad"]+`"]}`, http.StatusOK)
			// Others on the crew do not read it; those who read incidents do.
			call("crew", "GET", prod+"/incidents/"+near, "", http.StatusNotFound)
			if l := decode[sshttp.IncidentsView](t, call("crew", "GET", prod+"/incidents", "", http.StatusOK)); len(l.Incidents) != 1 || l.Incidents[0].ID != misfire {
				t.Fatalf("crew lists %+v, want only the misfire they reported", l.Incidents)
			}
			got := decode[sshttp.IncidentView](t, call("first_ad", "GET", prod+"/incidents/"+near, "", http.StatusOK))
			if got.Description != "A light stand fell where I had stood" || !slices.Equal(got.Witnesses, []string{ts.ids["first_ad"]}) || got.State != incident.StateOpen {
				t.Fatalf("near miss: %+v", got)
			}

			// The investigation.
			call("safety_coordinator", "POST", prod+"/incidents/"+near+"/investigator", `{"investigator":"`+ts.ids["armorer"]+`"}`, http.StatusOK)
			call("cast", "POST", prod+"/incidents/"+near+"/correction", `{"description":"changed my mind","reason":"x"}`, http.StatusForbidden)
			call("armorer", "POST", prod+"/incidents/"+near+"/conclusion", `{"root_cause":"No sandbags"}`, http.StatusConflict)
			call("armorer", "POST", prod+"/incidents/"+near+"/factors", `{"category":"equipment","description":"The stand had no sandbag","whys":["None on the truck","Nobody ordered them"]}`, http.StatusOK)
			call("armorer", "POST", prod+"/incidents/"+near+"/conclusion", `{"root_cause":"No checklist for the grip truck"}`, http.StatusOK)
			call("crew", "POST", prod+"/incidents/"+near+"/sign-off", `{"capacity":"producer"}`, http.StatusForbidden)
			call("safety_coordinator", "POST", prod+"/incidents/"+near+"/sign-off", `{"capacity":"safety_coordinator"}`, http.StatusOK)
			call("producer", "POST", prod+"/incidents/"+near+"/sign-off", `{"capacity":"producer","note":"Checklist agreed"}`, http.StatusOK)
			got = decode[sshttp.IncidentView](t, call("investigator", "GET", prod+"/incidents/"+near, "", http.StatusOK))
			if got.State != incident.StateClosed || len(got.Factors) != 1 || !slices.Equal(got.Factors[0].Whys, []string{"None on the truck", "Nobody ordered them"}) {
				t.Fatalf("closed near miss: %+v", got)
			}

			// A corrective action on the misfire, due today, climbs when the
			// day is over and it is not done.
			today := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format(time.DateOnly)
			a = ts.keyedCall(t, "safety_coordinator", "POST", prod+"/incidents/"+misfire+"/actions", "", `{"what":"Replace the firing pin","owner":"`+ts.ids["armorer"]+`","due":"`+today+`"}`)
			if a.status != http.StatusCreated || !strings.HasSuffix(a.location, "/corrective-actions/"+decode[sshttp.RecordedResult](t, a.body).ID) {
				t.Fatalf("plan: %d %s %s", a.status, a.location, a.body)
			}
			action := decode[sshttp.RecordedResult](t, a.body).ID
			clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
			if n, err := clock.Tick(t.Context()); err != nil || n != 0 {
				t.Fatalf("the clock climbed %d before the due day ended: %v", n, err)
			}
			ts.env.Clock.Advance(36 * time.Hour)
			if n, err := clock.Tick(t.Context()); err != nil || n != 1 {
				t.Fatalf("the clock climbed %d overdue actions, want 1: %v", n, err)
			}
			av := decode[sshttp.ActionView](t, call("armorer", "GET", prod+"/corrective-actions/"+action, "", http.StatusOK))
			if !av.Overdue || av.Rung < 0 {
				t.Fatalf("overdue action: %+v", av)
			}
			call("armorer", "POST", prod+"/corrective-actions/"+action+"/done", `{"note":"New pin from PDQ"}`, http.StatusOK)
			call("armorer", "POST", prod+"/corrective-actions/"+action+"/check", `{"worked":true}`, http.StatusForbidden)
			call("producer", "POST", prod+"/corrective-actions/"+action+"/check", `{"worked":true}`, http.StatusOK)

			// The misfire's timeline: the firearm's arrival, the report, and
			// the register's own entries; for those who read the ledger.
			call("first_ad", "GET", prod+"/incidents/"+misfire+"/timeline", "", http.StatusForbidden)
			tl := decode[sshttp.IncidentTimelineView](t, call("investigator", "GET", prod+"/incidents/"+misfire+"/timeline", "", http.StatusOK))
			var types []string
			for _, e := range tl.Entries {
				types = append(types, e.Type)
			}
			for _, want := range []string{"firearm.received", "firearm.discharge_reported", "corrective_action.planned"} {
				if !slices.Contains(types, want) {
					t.Fatalf("timeline %v lacks %s", types, want)
				}
			}
			if slices.Contains(types, "investigation.factor_recorded") {
				t.Fatalf("the near miss's investigation is in the misfire's timeline: %v", types)
			}

			// The list as a spreadsheet.
			call("crew", "GET", prod+"/incidents/export.csv", "", http.StatusForbidden)
			rows, err := csv.NewReader(strings.NewReader(string(call("producer", "GET", prod+"/incidents/export.csv", "", http.StatusOK)))).ReadAll()
			if err != nil || len(rows) != 3 || rows[0][0] != "id" || rows[0][1] != "kind" {
				t.Fatalf("incidents CSV: %v %v", rows, err)
			}
			if ids := []string{rows[1][0], rows[2][0]}; !slices.Contains(ids, near) || !slices.Contains(ids, misfire) {
				t.Fatalf("CSV rows %v", ids)
			}
		})
	}
}

func mustLoad(t *testing.T, zone string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestPatternThroughTheClock: three near misses with one revolver, one
// opened by a misfire report, make setsafe's clock raise a pattern that
// stops issuing it until the review is signed off (WS-6), on both
// databases.
func TestPatternThroughTheClock(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			firearm := ts.ids["firearm"]
			clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
			call("crew", "POST", prod+"/firearms/"+firearm+"/discharges", `{"kind":"misfire","description":"Hammer fell, no report"}`, http.StatusCreated)
			for range 2 {
				ts.env.Clock.Advance(time.Hour)
				call("cast", "POST", prod+"/incidents", `{"kind":"near_miss","firearms":["`+firearm+`"]}`, http.StatusCreated)
			}
			if n, err := clock.Tick(t.Context()); err != nil || n == 0 {
				t.Fatalf("the clock raised nothing: %d %v", n, err)
			}
			pv := decode[sshttp.PatternsView](t, call("safety_coordinator", "GET", prod+"/patterns", "", http.StatusOK))
			var onFirearm *sshttp.PatternView
			for i, p := range pv.Patterns {
				if p.Scope == "firearm" && p.About == firearm {
					onFirearm = &pv.Patterns[i]
				}
			}
			if onFirearm == nil || onFirearm.Count != 3 || !onFirearm.Stops || len(onFirearm.Incidents) != 3 {
				t.Fatalf("patterns: %+v", pv.Patterns)
			}
			if n, err := clock.Tick(t.Context()); err != nil || n != 0 {
				t.Fatalf("the clock raised again: %d %v", n, err)
			}
			call("safety_coordinator", "POST", prod+"/patterns/"+onFirearm.ID+"/sign-off", `{"capacity":"safety_coordinator","note":"Sent back to PDQ"}`, http.StatusOK)
			call("producer", "POST", prod+"/patterns/"+onFirearm.ID+"/sign-off", `{"capacity":"producer","note":"Agreed"}`, http.StatusOK)
			rows, err := csv.NewReader(strings.NewReader(string(call("investigator", "GET", prod+"/patterns/export.csv", "", http.StatusOK)))).ReadAll()
			if err != nil || len(rows) != len(pv.Patterns)+1 || rows[0][1] != "scope" || !slices.ContainsFunc(rows, func(r []string) bool { return r[0] == onFirearm.ID && r[9] == "reviewed" }) {
				t.Fatalf("patterns CSV: %v %v", rows, err)
			}
			pv = decode[sshttp.PatternsView](t, call("producer", "GET", prod+"/patterns", "", http.StatusOK))
			for _, p := range pv.Patterns {
				if p.ID == onFirearm.ID && p.State != "reviewed" {
					t.Fatalf("after both signatures: %+v", p)
				}
			}
		})
	}
}

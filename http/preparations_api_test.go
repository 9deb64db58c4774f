package http_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestPreparationsThroughTheAPI records a railroad and water set-up's
// preparations through the API: the track window by the railroad's
// representative only, the dive plan attached by the safety diver, and a
// wind reading over its limit that keeps the set-up at NO-GO.
func TestPreparationsThroughTheAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			prod := "/api/v1/productions/red-mesa"
			setUp := decode[sshttp.RecordedResult](t, call("first_ad", "POST", prod+"/setups",
				`{"scene":"31","name":"Scene 31: the trestle","hazards":["railroad","water"]}`, http.StatusCreated)).ID
			preps := prod + "/setups/" + setUp + "/preparations"
			now := ts.env.Clock.Now()
			window := `{"kind":"track_window","ready":true,"window_from":"` + now.Add(-time.Hour).Format(time.RFC3339) +
				`","window_until":"` + now.Add(2*time.Hour).Format(time.RFC3339) + `","confirmed_by":"BNSF dispatcher Ortiz"}`

			call("safety_diver", "POST", preps, window, http.StatusForbidden)
			call("first_ad", "POST", preps, window, http.StatusForbidden)
			bad := call("railroad_representative", "POST", preps, `{"kind":"track_window","ready":true,"window_from":"`+now.Format(time.RFC3339)+`"}`, http.StatusBadRequest)
			if e := errorOf(t, bad); e.Fields["window_until"] == "" || e.Fields["confirmed_by"] == "" {
				t.Errorf("the refusal does not name the missing facts: %s", bad)
			}
			bad = call("railroad_representative", "POST", preps, `{"kind":"track_window","ready":true,"count":3}`, http.StatusBadRequest)
			if e := errorOf(t, bad); e.Fields["count"] == "" {
				t.Errorf("a window is given a count: %s", bad)
			}
			if got := decode[sshttp.RecordedResult](t, call("railroad_representative", "POST", preps, window, http.StatusCreated)); got.ID == "" || len(got.Recorded) != 1 {
				t.Errorf("the track window: %+v", got)
			}

			status, _, body := postBody(t, ts, "safety_diver", prod+"/setups/"+setUp+"/documents", "application/pdf", certificate)
			if status != http.StatusCreated {
				t.Fatalf("the dive plan: %d %s", status, body)
			}
			file := decode[sshttp.RecordedResult](t, []byte(body)).ID
			if status, _, _ := postBody(t, ts, "crew", prod+"/setups/"+setUp+"/documents", "application/pdf", certificate); status != http.StatusForbidden {
				t.Errorf("crew attached a set-up's document: %d", status)
			}
			call("safety_diver", "POST", preps, `{"kind":"dive_plan","ready":true,"file_id":"`+file+`"}`, http.StatusCreated)
			call("safety_diver", "POST", preps, `{"kind":"dive_plan","ready":true,"file_id":"`+setsafe.NewID()+`"}`, http.StatusBadRequest)
			call("safety_diver", "POST", preps, `{"kind":"weather_limits","ready":true,"limit":30,"reading":45,"notes":"Gusting off the lake"}`, http.StatusCreated)

			view := decode[sshttp.PreparationsView](t, call("cast", "GET", preps, "", http.StatusOK))
			var states []string
			for _, n := range view.Needed {
				states = append(states, n.Kind.ID+" "+n.State)
			}
			if want := []string{"dive_plan ready", "weather_limits over_limit", "track_window ready"}; !slices.Equal(states, want) {
				t.Errorf("the preparations stand %v, want %v", states, want)
			}
			if len(view.Records) != 3 || len(view.Documents) != 1 || view.Documents[0].File != file {
				t.Errorf("records %d, documents %+v", len(view.Records), view.Documents)
			}
			download(t, ts, "cast", prod+"/files/"+file)

			su := decode[sshttp.SetUpView](t, call("first_ad", "GET", prod+"/setups/"+setUp, "", http.StatusOK))
			var rules []string
			for _, r := range su.Verdict.Reasons {
				rules = append(rules, string(r.Rule))
			}
			if !slices.Contains(rules, "WA-3") || slices.Contains(rules, "RR-3") {
				t.Errorf("the set-up fails %v; want WA-3 for the wind and not RR-3", rules)
			}
			call("safety_diver", "POST", prod+"/setups/nope/preparations", `{"kind":"weather_limits","ready":true,"limit":30,"reading":5}`, http.StatusNotFound)
			call("cast", "GET", prod+"/setups/nope/preparations", "", http.StatusNotFound)
		})
	}
}

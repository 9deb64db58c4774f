package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestPagesOfferWhatTheServerAllows checks, as every actor, that a page
// offers an action exactly when the server takes it from that actor: the
// API answers the action, sent with a body the domain refuses as invalid,
// 400 to whom it authorizes and 403 (or 401) to others, so that nothing
// is recorded.
func TestPagesOfferWhatTheServerAllows(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	firearm := prod + "/firearms/" + ts.ids["firearm"]
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.PlanSetUp{ID: "trestle", Scene: "31", Name: "Scene 31: the trestle",
		Hazards: []string{"railroad", "water"}}))
	concern := prod + "/concerns/" + setsafe.NewID()
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.RaiseConcern{ID: strings.TrimPrefix(concern, prod+"/concerns/"),
		Category: setsafe.CategoryHeights, Severity: setsafe.SeverityCritical, Description: "No rail on the bell tower", Mode: setsafe.ReportNamed, By: ts.ids["crew"]}))
	tests := []struct {
		name, page, offer string
		// path and body of the API call the offer leads to; check says
		// the call is a preview that answers 200 to whom it authorizes.
		path, body string
		check      bool
	}{
		{"stop work", prod + "/today", `class="button stop-work"`, "/api/v1" + prod + "/stop-works", `{"scope":"nowhere"}`, false},
		{"check oneself in", prod + "/today", `id="check-self"`, "/api/v1" + prod + "/checkins", `{"occurred_at":"yesterday"}`, false},
		{"check in on the shared device", prod + "/today", `id="check-in-device"`, "/api/v1" + prod + "/checkins", `{"person_id":"` + ts.ids["target"] + `","pin":"x"}`, false},
		{"plan a set-up", prod + "/today", `id="plan"`, "/api/v1" + prod + "/setups", `{"scene":""}`, false},
		{"report a concern", prod + "/concerns", `report-button`, "/api/v1" + prod + "/concerns", `{"category":"none","mode":"named"}`, false},
		{"add a location", prod + "/permissions", `id="add-location"`, "/api/v1" + prod + "/locations", `{"name":""}`, false},
		{"record a permission", prod + "/permissions", `id="grant"`, "/api/v1" + prod + "/permissions", `{"kind":"none"}`, false},
		{"record a refusal", prod + "/permissions", `id="refuse"`, "/api/v1" + prod + "/permissions/refusals", `{"kind":"none"}`, false},
		{"record a track window", prod + "/today", `id="record-trestle-track_window"`, "/api/v1" + prod + "/setups/trestle/preparations", `{"kind":"track_window","ready":true}`, false},
		{"record a wind reading", prod + "/today", `id="record-trestle-weather_limits"`, "/api/v1" + prod + "/setups/trestle/preparations", `{"kind":"weather_limits","ready":true}`, false},
		{"triage a concern", concern, `action="` + concern + `/triage"`, "/api/v1" + concern + "/triage", `{"triage":"maybe"}`, false},
		{"decide on a critical concern", concern, `action="` + concern + `/decision"`, "/api/v1" + concern + "/decision", `{"decision":"maybe"}`, false},
		{"take a firearm out", firearm, `id="act-unsecure"`, "/api/v1" + firearm + "/check", `{"action":"unsecure"}`, true},
	}
	seen := map[string]map[bool]int{} // by action, how many actors may and may not
	for _, actor := range actors() {
		if actor == "" {
			continue
		}
		for _, tt := range tests {
			status, page := page(t, ts, actor, tt.page)
			if status != http.StatusOK {
				continue // the page is not theirs
			}
			offered := strings.Contains(page, tt.offer)
			got, body := ts.call(t, actor, "POST", tt.path, tt.body)
			allowed := got == http.StatusBadRequest || tt.check && got == http.StatusOK
			if got != http.StatusForbidden && got != http.StatusUnauthorized && !allowed {
				t.Fatalf("%s as %s: %d %s, want 400 or 403", tt.name, actor, got, body)
			}
			if offered != allowed {
				t.Errorf("%s as %s: the page offers it: %v; the server takes it: %v (%d %s)", tt.name, actor, offered, allowed, got, body)
			}
			if seen[tt.name] == nil {
				seen[tt.name] = map[bool]int{}
			}
			seen[tt.name][allowed]++
		}
	}
	for _, tt := range tests {
		if seen[tt.name][true] == 0 || seen[tt.name][false] == 0 {
			t.Errorf("%s: %d actors may and %d may not, among those who see its page: the check shows nothing", tt.name, seen[tt.name][true], seen[tt.name][false])
		}
	}
}

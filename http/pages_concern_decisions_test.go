package http_test

import (
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

// TestConcernDecisionPages triages a concern and decides on the work it
// stops from its page, calls a stop-work on a location, and sets what a
// critical concern stops and who needs a medic on the escalation page.
func TestConcernDecisionPages(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			seedLocations(t, ts)
			const prod = "/productions/red-mesa"
			id := setsafe.NewID()
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.RaiseConcern{ID: id, Category: setsafe.CategoryOther,
				LocationID: "quarry", Severity: setsafe.SeverityCritical, Description: "Loose rock above the dig", Mode: setsafe.ReportNamed, By: ts.ids["crew"]}))
			concern := prod + "/concerns/" + id

			_, p := page(t, ts, "safety_coordinator", concern)
			for _, want := range []string{"Quarry", "Stopped until the safety coordinator or a producer decides", `action="` + concern + `/triage"`, `action="` + concern + `/decision"`} {
				if !strings.Contains(p, want) {
					t.Errorf("the concern page does not say %q", want)
				}
			}
			// A form that comes back names what is missing.
			status, _, body := postForm(t, ts, "safety_coordinator", concern+"/decision", url.Values{"decision": {"proceed"}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, "reason") {
				t.Fatalf("a decision without a reason: %d %.300s", status, body)
			}
			if status, to, body := postForm(t, ts, "safety_coordinator", concern+"/triage", url.Values{"triage": {"founded"}}); status != http.StatusSeeOther || !strings.Contains(to, "done=triaged") {
				t.Fatalf("triage: %d %s %.300s", status, to, body)
			}
			if status, to, body := postForm(t, ts, "safety_coordinator", concern+"/decision", url.Values{"decision": {"proceed"}, "reason": {"Face scaled; netting up"}}); status != http.StatusSeeOther || !strings.Contains(to, "done=decided") {
				t.Fatalf("decision: %d %s %.300s", status, to, body)
			}
			_, p = page(t, ts, "safety_coordinator", concern)
			for _, want := range []string{"Triaged: founded", "Goes on, decided:", "Face scaled; netting up"} {
				if !strings.Contains(p, want) {
					t.Errorf("the concern page does not say %q once decided", want)
				}
			}
			if got := stoppedToday(t, ts, gate.WS3); len(got) != 0 {
				t.Errorf("stopped after the decision to proceed: %v", got)
			}

			// A stop-work on a location, from the stop-work page.
			_, p = page(t, ts, "crew", prod+"/today/stop-work")
			if !strings.Contains(p, `value="location"`) || !strings.Contains(p, "Old church") {
				t.Fatalf("the stop-work page offers no location")
			}
			if status, to, body := postForm(t, ts, "crew", prod+"/today/stop-work", url.Values{"scope": {"location"}, "location_id": {"church"}, "reason": {"Gas smell in the crypt"}}); status != http.StatusSeeOther {
				t.Fatalf("stop-work: %d %s %.300s", status, to, body)
			}
			if got := stoppedToday(t, ts, gate.WS4); !slices.Equal(got, []string{"nave", "tower"}) {
				t.Errorf("the stop-work at the church stops %v", got)
			}
			if _, p = page(t, ts, "crew", prod+"/today"); !strings.Contains(p, "Location: Old church, every set-up there") {
				t.Errorf("today does not say the stop-work's location")
			}

			// The escalation page: every critical concern stops all work,
			// and animals need a medic.
			form := url.Values{"concerns_stop_all": {"1"}, "medic_for": append([]string{"animals"}, gate.DefaultParams.MedicFor...)}
			if status, _, body := postForm(t, ts, "department_head", prod+"/escalation/safety", form); status != http.StatusForbidden {
				t.Errorf("a department head set the safety rules: %d %.300s", status, body)
			}
			if status, to, body := postForm(t, ts, "safety_coordinator", prod+"/escalation/safety", form); status != http.StatusSeeOther || !strings.Contains(to, "done=safety") {
				t.Fatalf("safety rules: %d %s %.300s", status, to, body)
			}
			_, p = page(t, ts, "safety_coordinator", prod+"/escalation")
			if !strings.Contains(p, `name="concerns_stop_all" value="1" checked`) || !strings.Contains(p, `name="medic_for" value="animals" checked`) {
				t.Errorf("the escalation page does not show the rules set")
			}
			raised := decode[sshttp.RecordedResult](t, concernCall(t, ts, "crew", "POST", "/api/v1"+prod+"/concerns",
				`{"category":"fatigue_and_hours","severity":"critical","description":"Sixteen hours today","mode":"named"}`))
			if raised.ID == "" {
				t.Fatal("no concern raised")
			}
			if got := stoppedToday(t, ts, gate.WS3); !slices.Equal(got, []string{"dig", "ledge", "nave", "tower"}) {
				t.Errorf("with every critical concern stopping all work: %v", got)
			}
		})
	}
}

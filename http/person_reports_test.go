package http_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestReportsAreLimitedPerPerson has one crew member send reports by
// name and confidentially until the limit: past it, concerns and replies
// are refused (429) and record nothing, while a stop-work, a live round
// and a discharge still get through when they stop something not stopped
// yet. Others report as before, and an hour later so does the crew member.
func TestReportsAreLimitedPerPerson(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var log syncLog
			ts := newTestServer(t, b, "", func(c *sshttp.Config) { c.Logger = slogText(&log) })
			ts.seed(t)
			api := "/api/v1/productions/red-mesa"
			must := ts.caller(t)
			concern := func(mode string) string {
				return `{"category":"other","severity":"normal","description":"A loose cable by the door","mode":"` + mode + `"}`
			}
			var first string
			for i := range setsafe.ReportsPerPerson {
				mode := []string{"named", "confidential"}[i%2]
				id := decode[sshttp.RecordedResult](t, must("crew", "POST", api+"/concerns", concern(mode), http.StatusCreated)).ID
				if i == 1 {
					first = id
				}
			}
			tooMany := func(method, path, body, says string) {
				t.Helper()
				before := ledgerSizes(t, ts)
				status, resp := ts.call(t, "crew", method, path, body)
				if e := errorOf(t, resp); status != http.StatusTooManyRequests || e.Code != setsafe.ERateLimited || !strings.Contains(e.Message, says) {
					t.Fatalf("%s %s past the limit: %d %s, want 429 saying %q", method, path, status, compact(resp), says)
				}
				if after := ledgerSizes(t, ts); after != before {
					t.Fatalf("%s %s past the limit: the ledgers grew from %v to %v", method, path, before, after)
				}
			}
			// A confidential reporter is told exactly what a named one is.
			tooMany("POST", api+"/concerns", concern("confidential"), "call stop-work")
			tooMany("POST", api+"/concerns", concern("named"), "call stop-work")
			tooMany("POST", api+"/concerns/"+first+"/replies", `{"text":"And another"}`, "call stop-work")
			// Someone else reports as before.
			must("cast", "POST", api+"/concerns", concern("confidential"), http.StatusCreated)

			// What stops work gets through, once for each thing it stops.
			must("crew", "POST", api+"/stop-works", `{"scope":"hazard","hazard":"water","reason":"No safety divers"}`, http.StatusCreated)
			tooMany("POST", api+"/stop-works", `{"scope":"hazard","hazard":"water","reason":"Still no divers"}`, "stopped already")
			must("crew", "POST", api+"/stop-works", `{"scope":"production","reason":"Rounds unaccounted for"}`, http.StatusCreated)
			tooMany("POST", api+"/stop-works", `{"scope":"hazard","hazard":"pyrotechnics","reason":"Sparks"}`, "stopped already")
			must("crew", "POST", api+"/live-rounds", `{"description":"Does not rattle"}`, http.StatusCreated)
			tooMany("POST", api+"/live-rounds", `{"description":"Another"}`, "stopped already")
			firearm := api + "/firearms/" + ts.ids["firearm"]
			must("crew", "POST", firearm+"/discharges", `{"kind":"misfire","description":"Click"}`, http.StatusCreated)
			tooMany("POST", firearm+"/discharges", `{"kind":"misfire","description":"Click again"}`, "out of service already")

			// The limit is over a sliding hour.
			ts.env.Clock.Advance(setsafe.ReportWindow + time.Minute)
			must("crew", "POST", api+"/concerns", concern("confidential"), http.StatusCreated)

			// Nothing about the limit reaches the log that could tell who
			// the confidential reporter is.
			got := log.String()
			// The log has the lines it is searched in: one for each concern
			// refused past the limit.
			if refusal := `msg=request method=POST route="POST /api/v1/productions/{production}/concerns" status=429 `; !strings.Contains(got, refusal) {
				t.Fatalf("the log has no line %q:\n%s", refusal, got)
			}
			for _, who := range []string{ts.ids["crew"], ts.ids["account:crew"], "crew@example.com", "The Crew"} {
				if strings.Contains(got, who) {
					t.Errorf("the log names the reporter (%s):\n%s", who, got)
				}
			}
		})
	}
}

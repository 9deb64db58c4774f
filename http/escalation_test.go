package http_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestEscalationAPI sets the ladder and clocks over the API, reads them
// back, and reads the notifications a concern caused: the department
// head's inbox and the production's delivery log.
func TestEscalationAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			const esc = "/api/v1/productions/red-mesa/escalation"
			status, body := ts.call(t, "safety_coordinator", "PUT", esc, `{"rungs":[{"rung":"union_representative","contact":"IATSE Local 480",
				"email":"rep@local480.example.org","webhook":"https://hooks.local480.example.org/setsafe"},{"rung":"department_head","people":["`+ts.ids["department_head"]+`"]}],
				"clocks":[{"severity":"critical","acknowledge_minutes":15,"resolve_minutes":120}]}`)
			if status != http.StatusOK {
				t.Fatalf("set the ladder: %d %s", status, body)
			}
			var view sshttp.LadderView
			status, body = ts.call(t, "investigator", "GET", esc, "")
			if status != http.StatusOK {
				t.Fatalf("read the ladder: %d %s", status, body)
			}
			if err := json.Unmarshal(body, &view); err != nil {
				t.Fatal(err)
			}
			if len(view.Rungs) != 5 || view.Rungs[4].Email != "rep@local480.example.org" || view.Rungs[4].FromRoles ||
				len(view.Rungs[0].People) != 1 || view.Rungs[0].People[0].Name != "The Department head" ||
				!view.Rungs[2].FromRoles || len(view.Rungs[2].People) != 1 || view.Rungs[2].People[0].ID != ts.ids["producer"] {
				t.Fatalf("the ladder as read: %s", body)
			}
			if c := view.Clocks[0]; c.Severity != "critical" || c.AcknowledgeMinutes != 15 || view.Clocks[1].AcknowledgeMinutes != 4*60 {
				t.Fatalf("the clocks as read: %+v", view.Clocks)
			}

			// Wrong settings say which field and how to fix it.
			for _, tt := range []struct{ body, field, says string }{
				{`{"rungs":[{"rung":"mayor"}]}`, "rungs[0].rung", "must be one of"},
				{`{"clocks":[{"severity":"high","acknowledge_minutes":0,"resolve_minutes":10}]}`, "clocks[0].acknowledge_minutes", "between 1 minute"},
				{`{"rungs":[{"rung":"studio_safety","webhook":"ftp://x"}]}`, "rungs[0].webhook", "https://"},
			} {
				status, body := ts.call(t, "producer", "PUT", esc, tt.body)
				if status != http.StatusBadRequest || !strings.Contains(string(body), `"`+tt.field+`"`) || !strings.Contains(string(body), tt.says) {
					t.Errorf("%s: %d %s", tt.body, status, body)
				}
			}

			// A secret made by setsafe, shown once; a short one refused.
			status, body = ts.call(t, "producer", "PUT", esc+"/webhook-secret", `{"rung":"union_representative"}`)
			var secret sshttp.WebhookSecretResult
			if json.Unmarshal(body, &secret); status != http.StatusOK || len(secret.Secret) < 32 {
				t.Fatalf("make a secret: %d %s", status, body)
			}
			if status, body := ts.call(t, "producer", "PUT", esc+"/webhook-secret", `{"secret":"short"}`); status != http.StatusBadRequest || !strings.Contains(string(body), "16 to 200") {
				t.Fatalf("a short secret: %d %s", status, body)
			}
			if status, body := ts.call(t, "producer", "PUT", esc+"/webhook-secret", `{"rung":"mayor"}`); status != http.StatusBadRequest {
				t.Fatalf("a secret for no rung: %d %s", status, body)
			}
			_, body = ts.call(t, "producer", "GET", esc, "")
			json.Unmarshal(body, &view)
			if !view.Rungs[4].OwnSecret || view.ProductionSecret {
				t.Fatalf("which secrets are set: %s", body)
			}

			// A concern tells the lowest rung with someone on it.
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", setsafe.PersonActor(ts.ids["crew"]), setsafe.RaiseConcern{ID: "c1",
				Category: setsafe.CategoryHeights, Severity: setsafe.SeverityHigh, Description: "No harness on the scaffold", Mode: setsafe.ReportNamed}))
			var inbox sshttp.InboxView
			_, body = ts.call(t, "department_head", "GET", "/api/v1/productions/red-mesa/notifications", "")
			if json.Unmarshal(body, &inbox); len(inbox.Notifications) != 1 || inbox.Notifications[0].About != "c1" ||
				!strings.Contains(inbox.Notifications[0].Subject, "Concern raised: high, heights") {
				t.Fatalf("the department head's inbox: %s", body)
			}
			_, body = ts.call(t, "producer", "GET", "/api/v1/productions/red-mesa/notifications", "")
			if json.Unmarshal(body, &inbox); len(inbox.Notifications) != 0 {
				t.Fatalf("the producer heard of a concern not yet late: %s", body)
			}
			var log sshttp.DeliveriesView
			_, body = ts.call(t, "safety_coordinator", "GET", "/api/v1/productions/red-mesa/notifications/deliveries", "")
			if json.Unmarshal(body, &log); len(log.Deliveries) != 1 || log.Deliveries[0].Recipient != "department_head@example.com" ||
				log.Deliveries[0].State != setsafe.DeliveryPending || log.Deliveries[0].Log == nil {
				t.Fatalf("the delivery log: %s", body)
			}
			if status, body := ts.call(t, "producer", "GET", "/api/v1/productions/red-mesa/notifications?limit=0", ""); status != http.StatusBadRequest {
				t.Fatalf("a limit of 0: %d %s", status, body)
			}
		})
	}
}

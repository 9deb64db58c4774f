package http_test

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/escalation"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestTakeScenario runs a take through the API: the revolver is loaded
// only once the set-up stands by, and when the 1st AD calls cut while the
// actor still holds it loaded, setsafe's clock raises an alert that tells
// the armorer and the 1st AD, climbs the ladder when nobody takes charge,
// and is resolved the moment the revolver is back.
func TestTakeScenario(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			r := &rustSet{t: t, ts: ts, prod: "/api/v1/productions/red-mesa"}
			r.revolver = r.prod + "/firearms/" + ts.ids["firearm"]
			actor, ad, armorer := ts.ids["cast"], ts.ids["first_ad"], ts.ids["armorer"]
			for _, who := range []string{actor, ad, armorer} {
				r.expect(t, "producer", "PUT", r.prod+"/people/"+who+"/pin", `{"pin":"2468"}`, http.StatusOK)
			}
			r.expect(t, "producer", "PUT", r.prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["safety_coordinator"]+`"}`, http.StatusOK)
			r.expect(t, "safety_coordinator", "POST", r.prod+"/people/"+actor+"/trainings",
				`{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
			r.expect(t, "armorer", "POST", r.prod+"/ammo-lots/"+ts.ids["lot"]+"/verify-inert",
				`{"methods":["rattle","no_primer"],"checked":50,"witness":{"person_id":"`+ad+`","pin":"2468"}}`, http.StatusOK)
			meeting := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/meetings",
				`{"topics":["Walk-through of the saloon"],"hazards":["firearms"],"covered_topics":`+firearmTopicsJSON+`,"walk_through":true}`, http.StatusCreated))
			for _, who := range []string{actor, ad, armorer} {
				r.expect(t, "first_ad", "POST", r.prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
			}
			setUp := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/setups",
				`{"scene":"16","name":"Scene 16: saloon shoot-out","hazards":["firearms"]}`, http.StatusCreated)).ID
			state := r.prod + "/setups/" + setUp + "/state"
			r.expect(t, "armorer", "POST", r.revolver+"/unsecure", "", http.StatusOK)

			// Loaded only when the shot is ready.
			load := `{"lot_id":"` + ts.ids["lot"] + `","rounds":6,"setup_id":"` + setUp + `"}`
			body := r.refused(t, "armorer", "POST", r.revolver+"/load", load, "FA-8")
			if !strings.Contains(string(body), "Scene 16: saloon shoot-out is planned; a firearm is loaded only when its set-up is standing by, rolling") {
				t.Fatalf("the refusal does not say why: %s", body)
			}
			r.expect(t, "first_ad", "POST", state, `{"state":"dancing"}`, http.StatusBadRequest)
			r.expect(t, "crew", "POST", state, `{"state":"rolling"}`, http.StatusForbidden)
			r.expect(t, "first_ad", "POST", state, `{"state":"standing_by"}`, http.StatusOK)
			r.expect(t, "armorer", "POST", r.revolver+"/load", load, http.StatusOK)
			r.expect(t, "armorer", "POST", r.revolver+"/show-clear",
				`{"all_chambers":true,"witnesses":[{"person_id":"`+actor+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
			r.expect(t, "armorer", "POST", r.revolver+"/handover", `{"to":"`+actor+`","giver_pin":"2468","receiver_pin":"2468","setup_id":"`+setUp+`"}`, http.StatusOK)
			r.expect(t, "first_ad", "POST", state, `{"state":"rolling"}`, http.StatusOK)
			r.expect(t, "first_ad", "POST", state, `{"state":"cut"}`, http.StatusOK)
			day := decode[sshttp.DayView](t, r.expect(t, "first_ad", "GET", r.prod+"/today", "", http.StatusOK))
			if i := slices.IndexFunc(day.SetUps, func(v sshttp.SetUpView) bool { return v.SetUp.ID == setUp }); i < 0 || day.SetUps[i].SetUp.State != "cut" {
				t.Fatalf("Today does not show the cut: %+v", day.SetUps)
			}

			clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
			tick := func() {
				t.Helper()
				if _, err := clock.Tick(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			alerts := func() []*setsafe.Alert {
				t.Helper()
				return decode[sshttp.AlertsView](t, r.expect(t, "armorer", "GET", r.prod+"/alerts", "", http.StatusOK)).Alerts
			}
			ts.env.Clock.Advance(time.Minute)
			tick()
			if as := alerts(); len(as) != 0 {
				t.Fatalf("an alert a minute after the cut: %+v", as)
			}
			// Two minutes after the cut the loaded revolver should be back.
			ts.env.Clock.Advance(time.Minute + time.Second)
			tick()
			as := alerts()
			if len(as) != 1 || as[0].Rule != "FA-8" || as[0].State != setsafe.AlertStateOpen || as[0].FirearmID != ts.ids["firearm"] ||
				!strings.Contains(as[0].Message, "still holds") || !strings.Contains(as[0].Message, "loaded") {
				t.Fatalf("alerts after the limit: %+v", as)
			}
			alert := r.prod + "/alerts/" + as[0].ID
			for _, who := range []string{"armorer", "first_ad"} {
				inbox := decode[sshttp.InboxView](t, r.expect(t, who, "GET", r.prod+"/notifications", "", http.StatusOK))
				if !slices.ContainsFunc(inbox.Notifications, func(n setsafe.Notification) bool { return n.About == as[0].ID && n.Event == "alert.raised" }) {
					t.Fatalf("the %s was not told of the alert: %+v", who, inbox.Notifications)
				}
			}
			tick()
			if again := alerts(); len(again) != 1 {
				t.Fatalf("the watch raised the same alert twice: %+v", again)
			}

			// Nobody takes charge within the critical clock: it climbs to
			// the department head.
			r.expect(t, "safety_coordinator", "PUT", r.prod+"/escalation", `{"rungs":[{"rung":"department_head","people":["`+ts.ids["department_head"]+`"]}]}`, http.StatusOK)
			ts.env.Clock.Advance(31 * time.Minute)
			tick()
			if got := decode[setsafe.Alert](t, r.expect(t, "first_ad", "GET", alert, "", http.StatusOK)); got.Rung != 0 {
				t.Fatalf("the alert did not climb: rung %d", got.Rung)
			}
			inbox := decode[sshttp.InboxView](t, r.expect(t, "department_head", "GET", r.prod+"/notifications", "", http.StatusOK))
			if !slices.ContainsFunc(inbox.Notifications, func(n setsafe.Notification) bool { return n.About == as[0].ID && n.Event == "alert.escalated" }) {
				t.Fatalf("the department head was not told: %+v", inbox.Notifications)
			}

			// The 1st AD takes charge, with a reason; the revolver comes
			// back and the alert is resolved.
			r.expect(t, "crew", "POST", alert+"/acknowledge", `{"reason":"seen"}`, http.StatusForbidden)
			r.expect(t, "first_ad", "POST", alert+"/acknowledge", `{"reason":""}`, http.StatusBadRequest)
			r.expect(t, "first_ad", "POST", alert+"/acknowledge", `{"reason":"Walking over to the actor now"}`, http.StatusOK)
			r.expect(t, "armorer", "POST", r.revolver+"/handover", `{"from":"`+actor+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK)
			tick()
			if left := alerts(); len(left) != 0 {
				t.Fatalf("alerts after the revolver came back: %+v", left)
			}
			got := decode[setsafe.Alert](t, r.expect(t, "first_ad", "GET", alert, "", http.StatusOK))
			if got.State != setsafe.AlertStateResolved || got.Acknowledgment != "Walking over to the actor now" || !strings.Contains(got.Resolution, "went back to") {
				t.Fatalf("the alert as resolved: %+v", got)
			}
			r.expect(t, "first_ad", "POST", alert+"/acknowledge", `{"reason":"again"}`, http.StatusConflict)
		})
	}
}

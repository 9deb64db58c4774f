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

// TestDutyContinuityScenario runs a shooting day through the public API in
// which the armorer with a revolver out tries to leave the duty: the last
// qualified armorer on duty is held to it, hands it over to a second
// armorer with both PINs, and an emergency override leaves a duty gap
// that stops firearm work until a qualified armorer comes back on duty
// and takes the revolver back (FA-2, FA-3, PR-3).
func TestDutyContinuityScenario(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			r := &rustSet{t: t, ts: ts, prod: "/api/v1/productions/red-mesa"}
			revolver := r.prod + "/firearms/" + ts.ids["firearm"]
			armorer, actor, ad, assistant := ts.ids["armorer"], ts.ids["cast"], ts.ids["first_ad"], ts.ids["assistant_armorer"]
			for _, who := range []string{actor, ad, armorer, assistant} {
				r.expect(t, "producer", "PUT", r.prod+"/people/"+who+"/pin", `{"pin":"2468"}`, http.StatusOK)
			}
			// A second armorer, who signs in with the target account.
			second := decode[sshttp.PersonResult](t, r.expect(t, "producer", "POST", r.prod+"/people",
				`{"name":"Second Armorer","account_id":"`+ts.ids["target-account"]+`","roles":["armorer"]}`, http.StatusCreated)).Person.ID
			r.expect(t, "producer", "PUT", r.prod+"/people/"+second+"/pin", `{"pin":"1357"}`, http.StatusOK)
			r.expect(t, "safety_coordinator", "POST", r.prod+"/people/"+second+"/permits",
				`{"kind":"armorer","number":"NM-0077","issuer":"State of New Mexico","expires":"2030-12-31"}`, http.StatusCreated)
			r.expect(t, "target", "POST", r.prod+"/duty/end", `{"reason":"Off until the night unit"}`, http.StatusOK)

			// The revolver goes out, loaded, to the actor.
			r.expect(t, "producer", "PUT", r.prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["safety_coordinator"]+`"}`, http.StatusOK)
			r.expect(t, "safety_coordinator", "POST", r.prod+"/people/"+actor+"/trainings",
				`{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
			meeting := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/meetings",
				`{"topics":["Walk-through"],"hazards":["firearms"],"covered_topics":`+firearmTopicsJSON+`,"walk_through":true}`, http.StatusCreated))
			for _, who := range []string{actor, ad} {
				r.expect(t, "first_ad", "POST", r.prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
			}
			r.expect(t, "armorer", "POST", r.prod+"/ammo-lots/"+ts.ids["lot"]+"/verify-inert", `{"methods":["rattle","no_primer"],"checked":50,"witness":{"person_id":"`+ad+`","pin":"2468"}}`, http.StatusOK)
			r.expect(t, "armorer", "POST", revolver+"/unsecure", "", http.StatusOK)
			r.expect(t, "armorer", "POST", revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, http.StatusOK)
			r.expect(t, "armorer", "POST", revolver+"/show-clear",
				`{"all_chambers":true,"witnesses":[{"person_id":"`+actor+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
			r.expect(t, "armorer", "POST", revolver+"/handover", `{"to":"`+actor+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK)

			t.Run("TheLastArmorerKeepsTheDuty", func(t *testing.T) {
				body := r.refused(t, "armorer", "POST", r.prod+"/duty/end", `{"reason":"Lunch"}`, "FA-2")
				if !strings.Contains(string(body), "The Armorer is the last qualified armorer on duty") ||
					!strings.Contains(string(body), "the Colt Single Action Army (SN 4417) is with The Cast, loaded with 6 rounds") {
					t.Errorf("the refusal does not say what is out: %s", body)
				}
				r.refused(t, "producer", "POST", r.prod+"/people/"+armorer+"/roles/armorer/revoke", `{"reason":"Moved to the second unit"}`, "FA-2")
				r.refused(t, "producer", "POST", r.prod+"/people/"+armorer+"/leave", `{"reason":"Called away"}`, "FA-2")
				armory := decode[sshttp.ArmoryView](t, r.expect(t, "armorer", "GET", r.prod+"/armory", "", http.StatusOK))
				if !slices.Contains(armory.Duty, sshttp.DutyView{PersonID: armorer, Name: "The Armorer", OnDuty: true}) || len(armory.DutyGap) != 0 {
					t.Fatalf("after the refusals: duty %+v, gap %v", armory.Duty, armory.DutyGap)
				}
			})
			t.Run("Handover", func(t *testing.T) {
				// Not to an assistant armorer with no permit.
				r.refused(t, "armorer", "POST", r.prod+"/duty/handover", `{"to":"`+assistant+`","giver_pin":"2468","receiver_pin":"2468"}`, "PR-3")
				// Not with a wrong PIN.
				r.expect(t, "armorer", "POST", r.prod+"/duty/handover", `{"to":"`+second+`","giver_pin":"2468","receiver_pin":"0000"}`, http.StatusUnauthorized)
				// Not with one PIN only.
				r.refused(t, "armorer", "POST", r.prod+"/duty/handover", `{"to":"`+second+`","giver_pin":"2468"}`, "FA-3")
				res := decode[sshttp.RecordedResult](t, r.expect(t, "armorer", "POST", r.prod+"/duty/handover",
					`{"to":"`+second+`","giver_pin":"2468","receiver_pin":"1357"}`, http.StatusOK))
				if len(res.Recorded) != 1 || res.Recorded[0].Type != "duty.handed_over" {
					t.Fatalf("recorded %+v", res.Recorded)
				}
				armory := decode[sshttp.ArmoryView](t, r.expect(t, "armorer", "GET", r.prod+"/armory", "", http.StatusOK))
				if !slices.Contains(armory.Duty, sshttp.DutyView{PersonID: armorer, Name: "The Armorer", OnDuty: false}) ||
					!slices.Contains(armory.Duty, sshttp.DutyView{PersonID: second, Name: "Second Armorer", OnDuty: true}) || len(armory.DutyGap) != 0 {
					t.Fatalf("after the handover: duty %+v, gap %v", armory.Duty, armory.DutyGap)
				}
			})
			t.Run("EmergencyGap", func(t *testing.T) {
				r.expect(t, "first_ad", "POST", r.prod+"/duty/end", `{"person_id":"`+second+`","emergency":true,"reason":"Taken ill"}`, http.StatusForbidden)
				r.expect(t, "producer", "POST", r.prod+"/duty/end", `{"person_id":"`+second+`","emergency":true}`, http.StatusBadRequest)
				res := decode[sshttp.RecordedResult](t, r.expect(t, "producer", "POST", r.prod+"/duty/end",
					`{"person_id":"`+second+`","emergency":true,"reason":"Taken ill"}`, http.StatusOK))
				if len(res.Recorded) != 2 || res.Recorded[0].Type != "duty.overridden" || res.Recorded[1].Type != "duty.ended" {
					t.Fatalf("recorded %+v", res.Recorded)
				}
				armory := decode[sshttp.ArmoryView](t, r.expect(t, "producer", "GET", r.prod+"/armory", "", http.StatusOK))
				if !slices.Equal(armory.DutyGap, []string{ts.ids["firearm"]}) {
					t.Fatalf("the duty gap is %v, want the revolver", armory.DutyGap)
				}
				// setsafe's clock raises the gap as an alert to the 1st AD,
				// the safety coordinator and the producer at once, and it
				// climbs the ladder while nobody takes charge.
				clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
				tick := func() {
					t.Helper()
					if _, err := clock.Tick(t.Context()); err != nil {
						t.Fatal(err)
					}
				}
				tick()
				alerts := decode[sshttp.AlertsView](t, r.expect(t, "first_ad", "GET", r.prod+"/alerts", "", http.StatusOK)).Alerts
				if len(alerts) != 1 || alerts[0].Rule != "FA-2" || alerts[0].Kind != "duty_gap" || alerts[0].FirearmID != ts.ids["firearm"] {
					t.Fatalf("alerts during the gap: %+v", alerts)
				}
				for _, who := range []string{"first_ad", "safety_coordinator", "producer"} {
					inbox := decode[sshttp.InboxView](t, r.expect(t, who, "GET", r.prod+"/notifications", "", http.StatusOK))
					if !slices.ContainsFunc(inbox.Notifications, func(n setsafe.Notification) bool { return n.About == alerts[0].ID && n.Event == "alert.raised" }) {
						t.Fatalf("the %s was not told of the gap", who)
					}
				}
				ts.env.Clock.Advance(31 * time.Minute)
				tick()
				if a := decode[setsafe.Alert](t, r.expect(t, "producer", "GET", r.prod+"/alerts/"+alerts[0].ID, "", http.StatusOK)); a.Rung < 0 {
					t.Fatalf("the gap's alert did not climb: %+v", a)
				}
				// During the gap a hand-off is NO-GO, even back to the
				// armorer, who is off duty.
				r.refused(t, "armorer", "POST", revolver+"/handover", `{"from":"`+actor+`","giver_pin":"2468","receiver_pin":"2468"}`, "FA-2")
				// A qualified armorer comes on duty, and takes it back.
				r.expect(t, "armorer", "POST", r.prod+"/duty/start", "", http.StatusOK)
				armory = decode[sshttp.ArmoryView](t, r.expect(t, "producer", "GET", r.prod+"/armory", "", http.StatusOK))
				if len(armory.DutyGap) != 0 {
					t.Fatalf("the gap stays open with the armorer on duty: %v", armory.DutyGap)
				}
				f := decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "POST", revolver+"/handover", `{"from":"`+actor+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK))
				if f.Firearm.Custodian != armorer {
					t.Fatalf("the revolver is with %s", f.Firearm.Custodian)
				}
				r.expect(t, "armorer", "POST", revolver+"/secure", `{"store":"armory truck"}`, http.StatusOK)
				tick()
				if a := decode[setsafe.Alert](t, r.expect(t, "producer", "GET", r.prod+"/alerts/"+alerts[0].ID, "", http.StatusOK)); a.State != setsafe.AlertStateResolved {
					t.Fatalf("the gap's alert after the revolver was recovered: %+v", a)
				}
			})
		})
	}
}

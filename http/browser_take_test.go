package http_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/escalation"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserTakesAndAlerts calls a set-up's states from Today with one
// tap each, and sees the alert for a revolver kept past the cut appear in
// red, taken charge of, and gone once the revolver is back.
func TestBrowserTakesAndAlerts(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	armoryDay(t, ts, true)
	must := ts.caller(t)
	const prod = "/api/v1/productions/red-mesa"
	cast, ad := ts.ids["cast"], ts.ids["first_ad"]
	revolver := prod + "/firearms/" + ts.ids["firearm"]
	setUp := decode[sshttp.RecordedResult](t, must("first_ad", "POST", prod+"/setups", `{"scene":"16","name":"Scene 16: saloon","hazards":["firearms"]}`, http.StatusCreated)).ID
	must("armorer", "POST", revolver+"/unsecure", "", http.StatusOK)

	const today = "/productions/red-mesa/today"
	card := "#setup-" + setUp
	p := newPhone(t, ts.URL)
	signInAs(p, "first_ad", today)
	p.wantText(card+" .take", "planned")
	tapTo(p, "#call-"+setUp+"-standing_by", http.StatusOK)
	p.wantText(".done", "Done: the set-up's state is called.")
	p.wantText(card+" .take", "standing by")
	checkPage(p, "today standing by", today)

	must("armorer", "POST", revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6,"setup_id":"`+setUp+`"}`, http.StatusOK)
	must("armorer", "POST", revolver+"/show-clear", `{"all_chambers":true,"witnesses":[{"person_id":"`+cast+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
	must("armorer", "POST", revolver+"/handover", `{"to":"`+cast+`","giver_pin":"2468","receiver_pin":"2468","setup_id":"`+setUp+`"}`, http.StatusOK)
	tapTo(p, "#call-"+setUp+"-rolling", http.StatusOK)
	p.wantText(card+" .take", "rolling")
	tapTo(p, "#call-"+setUp+"-cut", http.StatusOK)
	p.wantText(card+" .take", "cut")
	if strings.Contains(p.text("#board"), "Alerts") {
		t.Fatal("an alert at the moment of the cut")
	}

	clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
	ts.env.Clock.Advance(3 * time.Minute)
	if _, err := clock.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	p.open(today)
	p.wantText("#alerts", "Alerts")
	p.wantText("#alerts", "The Cast still holds")
	p.wantText("#alerts", "(FA-8)")
	checkPage(p, "today alert", today)
	alert := decode[sshttp.AlertsView](t, must("armorer", "GET", prod+"/alerts", "", http.StatusOK)).Alerts[0]
	p.typeInto("#ack-"+alert.ID, "Walking over to the actor now")
	tapTo(p, "#alert-"+alert.ID+" button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the alert is acknowledged")
	p.wantText("#alerts", "Acknowledged: Walking over to the actor now")

	// The armory shows it too, until the revolver is back.
	p.open("/productions/red-mesa/armory")
	p.wantText("#alert-"+alert.ID, "The Cast still holds")
	must("armorer", "POST", revolver+"/handover", `{"from":"`+cast+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK)
	if _, err := clock.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	p.open(today)
	if strings.Contains(p.text("#board"), "Alerts") {
		t.Fatalf("the alert is still shown after the revolver came back: %q", p.text("#board"))
	}
	p.screenshot("today alert resolved")
}

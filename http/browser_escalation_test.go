package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserStopWorkNotifications: on a phone, a crew member stops work
// with firearms; the banner shows and the armorer's firearm page says
// NO-GO (WS-4); the producer, on the ladder, finds the stop-work in their
// notifications one tap from home; the safety coordinator lifts it with a
// written resolution; the producer is told, and firearm work is GO again.
func TestBrowserStopWorkNotifications(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			armoryDay(t, ts, true) // everything else a firearm needs is in order
			stopWorkNotifications(t, ts, newPhone(t, ts.URL))
		})
	}
}

func stopWorkNotifications(t *testing.T, ts *testServer, p *phone) {
	const prod = "/productions/red-mesa"
	const today, inbox = prod + "/today", prod + "/notifications"
	firearm := prod + "/firearms/" + ts.ids["firearm"]

	// The crew member stops firearm work from Today.
	signInAs(p, "crew", today)
	tapTo(p, "a.stop-work", http.StatusOK)
	p.wantText("main h1", "Stop work")
	p.do("choose one hazard", chromedp.Click(chromedp.CSS(`input[name=scope][value=hazard]`)))
	choose(p, "#hazard", "firearms")
	p.typeInto("#reason", "A live round in the dummy box")
	tapTo(p, ".stop-form button[type=submit]", http.StatusOK)
	p.wantPath(today)
	p.wantText(".stop-banner", "WORK IS STOPPED")
	p.wantText(".stop-banner", "Hazard: firearms, on every set-up")
	p.wantText(".stop-banner", "A live round in the dummy box")
	p.screenshot("stopped")
	p.wantFits()
	p.signOutThroughHeader()

	// Firearm work is NO-GO for the armorer, with the rule.
	signInAs(p, "armorer", firearm)
	p.wantText("#act-unsecure .verdict.nogo", "(WS-4)")
	p.wantText("#act-unsecure .verdict.nogo", "A live round in the dummy box")
	p.screenshot("firearm no-go")
	p.signOutThroughHeader()

	// The producer, on the ladder, finds it one tap from home.
	signInAs(p, "producer", prod)
	p.wantText(`.tiles a[href="`+inbox+`"]`, "From the last 24 hours: 1")
	tapTo(p, `.tiles a[href="`+inbox+`"]`, http.StatusOK)
	p.wantText("main h1", "Notifications")
	first := ".inbox li:first-child"
	p.wantText(first, "Stop-work called")
	p.wantText(first, "Hazard: firearms, on every set-up")
	p.wantText(first, "A live round in the dummy box")
	p.wantText(first, "Called by The Crew")
	p.wantText(first+" .in-force", "In force")
	checkPage(p, "notifications, stop-work called", inbox)
	// The ladder, from the notifications, with its forms open.
	tapTo(p, `main a[href="`+prod+`/escalation"]`, http.StatusOK)
	p.wantText("main h1", "Escalation ladder")
	p.wantText("#rung-producer", "The Producer")
	p.do("open the forms", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
	p.wantText("#rung-union_representative form", "Save this rung")
	checkPage(p, "escalation ladder", prod+"/escalation")
	// The e-mails to the ladder, waiting for the sender.
	tapTo(p, `main a[href="`+inbox+`/deliveries"]`, http.StatusOK)
	p.wantText(".inbox", "producer@example.com")
	p.wantText(".inbox", "Waiting to be sent")
	checkPage(p, "e-mails and webhooks", inbox+"/deliveries")
	p.open(inbox)
	tapTo(p, first+" a", http.StatusOK)
	p.wantPath(today + "/stop-work")
	p.wantText("#in-force ~ .stop-banner", "A live round in the dummy box")
	p.signOutThroughHeader()

	// The safety coordinator lifts it with a written resolution.
	signInAs(p, "safety_coordinator", today)
	tapTo(p, ".stop-banner a", http.StatusOK)
	p.typeInto("#in-force ~ .stop-banner textarea[name=resolution]", "Box emptied and every dummy rattled; the live round is with the police")
	tapTo(p, "#in-force ~ .stop-banner button[type=submit]", http.StatusOK)
	p.wantPath(today)
	p.wantText(".done", "Done: the stop-work is lifted.")
	if n := runOn(p, "banners", chromedp.Evaluate[int](`document.querySelectorAll(".stop-banner").length`)); n != 0 {
		t.Errorf("after the lift, Today shows %d stop-work banners", n)
	}
	p.signOutThroughHeader()

	// The producer is told, with the resolution.
	signInAs(p, "producer", prod)
	p.wantText(`.tiles a[href="`+inbox+`"]`, "From the last 24 hours: 2")
	tapTo(p, `.tiles a[href="`+inbox+`"]`, http.StatusOK)
	p.wantText(first, "Stop-work lifted")
	p.wantText(first, "Resolution: Box emptied and every dummy rattled")
	p.wantText(first, "Lifted")
	p.wantText(".inbox li:nth-child(2)", "Stop-work called")
	checkPage(p, "notifications, stop-work lifted", inbox)
	p.signOutThroughHeader()

	// Firearm work is GO again.
	signInAs(p, "armorer", firearm)
	p.wantText("#act-unsecure .verdict.go", "GO")
	if strings.Contains(p.text("main"), "(WS-4)") {
		t.Error("the firearm page still gives the stop-work as a reason")
	}
	p.screenshot("firearm go")
}

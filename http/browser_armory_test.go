package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/storagetest"
)

// armoryDay is a production ready for a firearm to be issued: a safety
// contact, PINs for the performer, the 1st AD and the armorer, the
// performer's training, today's safety meeting attended, and the dummy lot
// verified.
func armoryDay(t *testing.T, ts *testServer, verified bool) {
	t.Helper()
	prod := "/api/v1/productions/red-mesa"
	cast, ad := ts.ids["cast"], ts.ids["first_ad"]
	must := ts.caller(t)
	for _, who := range []string{cast, ad, ts.ids["armorer"]} {
		must("producer", "PUT", prod+"/people/"+who+"/pin", `{"pin":"2468"}`, http.StatusOK)
	}
	must("producer", "PUT", prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`, http.StatusOK)
	if !verified {
		return
	}
	must("armorer", "POST", prod+"/ammo-lots/"+ts.ids["lot"]+"/verify-inert", `{"methods":["rattle","no_primer"],"checked":50,"witness":{"person_id":"`+ad+`","pin":"2468"}}`, http.StatusOK)
	must("safety_coordinator", "POST", prod+"/people/"+cast+"/trainings", `{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
	meeting := decode[struct {
		ID string `json:"id"`
	}](t, must("first_ad", "POST", prod+"/meetings", `{"covered_topics":`+firearmTopicsJSON+`,"walk_through":true}`, http.StatusCreated))
	for _, who := range []string{cast, ad} {
		must("first_ad", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
	}
}

// signInAs signs the phone in with a role's account and opens next.
func signInAs(p *phone, role, next string) {
	p.t.Helper()
	p.open("/login?next=" + next)
	p.typeInto("#email", role+"@example.com")
	p.typeInto("#password", "password-of-"+role)
	if status := p.tap(`main button[type=submit]`); status != http.StatusOK {
		p.t.Fatalf("sign in as %s: status %d", role, status)
	}
	p.wantPath(next)
}

// choose selects the option with value in the select sel.
func choose(p *phone, sel, value string) {
	p.t.Helper()
	p.do("choose "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// turnNow is the name of the person whose turn it is on a PIN pad.
const turnNow = ".pin-turn:not([hidden]) h1.pin-who"

// passPad taps Confirm after the first person typed their PIN, which
// passes the pad to the second without sending anything.
func passPad(p *phone) {
	p.t.Helper()
	p.do("pass the pad on", chromedp.Click(chromedp.CSS("form.pinpad button[type=submit]")))
}

// typePIN types a PIN on the on-screen digits of the PIN pad.
func typePIN(p *phone, pin string) {
	p.t.Helper()
	for _, d := range pin {
		p.do("tap digit "+string(d), chromedp.Click(chromedp.CSS(`.digits button[data-digit="`+string(d)+`"]`)))
	}
}

// submitAction taps the submit button of the firearm page's action and
// wants the status.
func submitAction(p *phone, action string, want int) {
	p.t.Helper()
	if status := p.tap("#act-" + action + " button[type=submit]"); status != want {
		p.t.Fatalf("%s: status %d, want %d; page says %q", action, status, want, p.text("main"))
	}
}

func TestBrowserArmorerDay(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	armoryDay(t, ts, true)
	p := newPhone(t, ts.URL)
	cast, ad, lot := ts.ids["cast"], ts.ids["first_ad"], ts.ids["lot"]

	signInAs(p, "armorer", "/productions/red-mesa/armory")
	p.screenshot("armory")
	p.wantText("#firearms", "SN 4417")
	p.wantText("main", "verified inert")
	p.wantFits()

	// Receive a revolver through the form.
	for sel, v := range map[string]string{"#make": "Colt", "#model": "New Service", "#serial": "NS-1917", "#calibre": ".45 Colt",
		"#chambers": "6", "#owner": "PDQ Arm & Prop", "#store": "Armory truck safe"} {
		p.typeInto("form[action$='/armory/firearms'] "+sel, v)
	}
	p.screenshot("receive form")
	if status := p.tap("form[action$='/armory/firearms'] button[type=submit]"); status != http.StatusOK {
		t.Fatalf("receive: status %d: %s", status, p.text("main"))
	}
	p.screenshot("received")
	p.wantText(".done", "Done")
	p.wantText(".state", "Locked in Armory truck safe")
	p.wantText("#act-unsecure .verdict", "GO")
	p.wantText(".state", "Not inspected yet.")
	p.wantFits()
	here, _ := p.location()

	// Inspect it at the bench: a missing condition comes back with what was
	// ticked kept; then the inspection is recorded.
	p.do("tick bore and function", chromedp.Click(chromedp.CSS("#act-inspect input[name=bore_clear]")),
		chromedp.Click(chromedp.CSS("#act-inspect input[name=functions]")))
	p.do("no condition", chromedp.RemoveAttribute(chromedp.CSS("#condition"), "required"))
	submitAction(p, "inspect", http.StatusBadRequest)
	p.wantText("#problem", "condition")
	if !runOn(p, "bore box kept", chromedp.Evaluate[bool](`document.querySelector("#act-inspect input[name=bore_clear]").checked`)) {
		t.Error("the refused inspection lost the ticked boxes")
	}
	p.typeInto("#condition", "Good: cylinder turns and locks")
	submitAction(p, "inspect", http.StatusOK)
	p.wantText(".done", "inspection recorded")
	p.wantText(".state", "by The Armorer: Good: cylinder turns and locks")
	p.wantAccessible("firearm")
	p.screenshot("inspected")

	submitAction(p, "unsecure", http.StatusOK)
	p.wantText(".state", "Out with The Armorer")
	p.wantText("#act-load .verdict", "GO")
	p.screenshot("in hand")

	choose(p, "#lot", lot)
	p.typeInto("#rounds", "6")
	submitAction(p, "load", http.StatusOK)
	p.wantText(".state", "Loaded: 6 rounds")

	choose(p, "#witness1", cast)
	p.typeInto("#pin1", "2468")
	choose(p, "#witness2", ad)
	p.typeInto("#pin2", "2468")
	p.screenshot("show clear")
	submitAction(p, "show-clear", http.StatusOK)
	p.wantText(".done", "shown clear")

	// Issue: choose the performer; the armorer types her PIN, then the
	// performer theirs, on the one pad (FA-3).
	choose(p, "#to", cast)
	submitAction(p, "issue", http.StatusOK)
	p.wantText(".handoff-what", "Hand the Colt New Service (SN NS-1917) to The Cast")
	p.wantText(turnNow, "The Armorer: type YOUR PIN")
	p.wantText(".verdict", "GO")
	if h := runOn(p, "digit height", chromedp.Evaluate[float64](`document.querySelector(".digit").getBoundingClientRect().height`)); h < 56 {
		t.Errorf("the PIN digits are %.0f px high, want at least 56", h)
	}
	p.screenshot("pin pad")
	p.wantFits()
	typePIN(p, "2468")
	passPad(p)
	p.wantText(turnNow, "The Cast: type YOUR PIN")
	if got := p.value("#receiver_pin"); got != "" {
		t.Errorf("the performer's field holds %q before they typed", got)
	}
	typePIN(p, "2468")
	if status := p.tap("form.pinpad button[type=submit]"); status != http.StatusOK {
		t.Fatalf("issue: status %d: %s", status, p.text("main"))
	}
	p.wantPath(here)
	p.wantText(".state", "Out with The Cast")
	p.screenshot("issued")
	if strings.Contains(runOn(p, "page", chromedp.Evaluate[string](`document.documentElement.outerHTML`)), "2468") {
		t.Error("the page shows a PIN")
	}

	// Take it back: the performer, who gives, types first; then the
	// armorer.
	p.wantText("#act-take-back .verdict", "GO")
	submitAction(p, "take-back", http.StatusOK)
	p.wantText(turnNow, "The Cast: type YOUR PIN")
	p.typeInto("#giver_pin", "2468")
	passPad(p)
	p.wantText(turnNow, "The Armorer: type YOUR PIN")
	p.typeInto("#receiver_pin", "2468")
	if status := p.tap("form.pinpad button[type=submit]"); status != http.StatusOK {
		t.Fatalf("take back: status %d: %s", status, p.text("main"))
	}
	p.wantText(".state", "Out with The Armorer")

	p.typeInto("#fired", "0")
	submitAction(p, "unload", http.StatusOK)
	p.typeInto("#store", "Armory truck safe")
	submitAction(p, "secure", http.StatusOK)
	p.wantText(".state", "Locked in Armory truck safe")
	p.screenshot("secured")
	p.wantText("main table", "Handed over")
	p.wantText("main table", "Inspected at the bench")

	// End of the day: count the lot.
	p.open("/productions/red-mesa/armory")
	p.typeInto("#count-"+lot, "50")
	p.screenshot("count")
	if status := p.tap("form[action$='/armory/reconcile'] button[type=submit]"); status != http.StatusOK {
		t.Fatalf("reconcile: status %d: %s", status, p.text("main"))
	}
	p.wantText(".done", "Discrepancies found: 0.")
	p.screenshot("reconciled")

	// Every screen of the day, opened with an empty cache: light, and
	// without serious accessibility faults.
	for _, pg := range []struct{ name, path string }{
		{"armory", "/productions/red-mesa/armory"},
		{"firearm", here},
		{"hand-off", here + "/issue?to=" + cast},
		{"lot", "/productions/red-mesa/lots/" + lot},
		{"scan", "/productions/red-mesa/scan"},
	} {
		p.wantLight(pg.name, pg.path)
		p.wantAccessible(pg.name)
		p.wantFits()
	}
}

// rows counts the rows of the chain of custody.
func custodyRows(p *phone) int {
	p.t.Helper()
	return runOn(p, "custody rows", chromedp.Evaluate[int](`document.querySelector("main table").tBodies[0].rows.length`))
}

func TestBrowserNoGoRefused(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)
	firearm := "/productions/red-mesa/firearms/" + ts.ids["firearm"]

	// Nobody answers for safety yet (PR-5): the page says NO-GO, with the
	// rule, before the button is pressed.
	signInAs(p, "armorer", firearm)
	p.wantText("#act-unsecure .verdict.nogo", "NO-GO")
	p.wantText("#act-unsecure .verdict.nogo", "(PR-5)")
	before := custodyRows(p)
	p.screenshot("no-go before pressing")
	p.wantFits()

	submitAction(p, "unsecure", http.StatusConflict)
	p.screenshot("refused")
	p.wantPath(firearm + "/unsecure")
	p.wantText("#problem", "NO-GO")
	p.wantText("#problem .reasons", "(PR-5)")
	p.wantText(".state", "Locked in armory truck")
	if after := custodyRows(p); after != before+1 {
		t.Errorf("the chain of custody went from %d to %d rows, want one more: the refusal", before, after)
	}
	p.wantText("main table tbody tr:first-child", "Refused by the gate")
	p.wantFits()

	// The firearm page, read again, is unchanged but for the refusal.
	p.open(firearm)
	p.wantText(".state", "Locked in armory truck")
	p.wantText("#act-unsecure .verdict.nogo", "(PR-5)")
}

func TestBrowserWrongPINLockout(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	armoryDay(t, ts, false)
	if status, body := ts.call(t, "armorer", "POST", "/api/v1/productions/red-mesa/firearms/"+ts.ids["firearm"]+"/unsecure", ""); status != http.StatusOK {
		t.Fatalf("unsecure: %d %s", status, body)
	}
	p := newPhone(t, ts.URL)
	firearm := "/productions/red-mesa/firearms/" + ts.ids["firearm"]
	signInAs(p, "armorer", firearm)
	choose(p, "#to", ts.ids["cast"])
	submitAction(p, "issue", http.StatusOK)
	p.wantText(turnNow, "The Armorer: type YOUR PIN")

	// The armorer types hers right each time; the performer's is wrong.
	for left := 4; left >= 1; left-- {
		typePIN(p, "2468")
		passPad(p)
		p.wantText(turnNow, "The Cast: type YOUR PIN")
		typePIN(p, "1111")
		if status := p.tap("form.pinpad button[type=submit]"); status != http.StatusUnauthorized {
			t.Fatalf("wrong PIN: status %d, want 401", status)
		}
		want := "Wrong PIN. " + map[int]string{4: "4 attempts", 3: "3 attempts", 2: "2 attempts", 1: "1 attempt"}[left] + " left."
		p.wantText("#problem", "The Cast: "+want)
		p.wantText(turnNow, "The Armorer: type YOUR PIN")
		for _, field := range []string{"#giver_pin", "#receiver_pin"} {
			if got := p.value(field); got != "" {
				t.Errorf("after a wrong PIN %s holds %q", field, got)
			}
		}
		if left == 2 {
			p.screenshot("wrong pin")
		}
	}
	typePIN(p, "2468")
	passPad(p)
	typePIN(p, "1111")
	if status := p.tap("form.pinpad button[type=submit]"); status != http.StatusTooManyRequests {
		t.Fatalf("last wrong PIN: status %d, want 429", status)
	}
	p.screenshot("locked")
	p.wantText("#problem", "locked")
	p.wantText("main", "The Cast cannot confirm now.")
	if n := runOn(p, "pads", chromedp.Evaluate[int](`document.querySelectorAll("form.pinpad, input.pin").length`)); n != 0 {
		t.Errorf("after the lockout the page still shows a PIN pad")
	}
	if strings.Contains(runOn(p, "page", chromedp.Evaluate[string](`document.documentElement.outerHTML`)), "1111") {
		t.Error("the page shows a PIN")
	}
	p.wantFits()
	p.open(firearm)
	p.wantText(".state", "Out with The Armorer")
}

func TestBrowserScanAndLot(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)
	signInAs(p, "armorer", "/productions/red-mesa/scan")
	p.screenshot("scan")
	p.wantText("main h1", "Scan a label")
	// Headless Chromium has getUserMedia: the camera button shows.
	p.wantText("#scan-start", "Open the camera")
	p.wantFits()

	// Without a camera, the serial number searches the armory.
	p.typeInto("#q", "4417")
	if status := p.tap("form[role=search] button[type=submit]"); status != http.StatusOK {
		t.Fatalf("search: status %d", status)
	}
	p.wantPath("/productions/red-mesa/armory")
	p.wantText("#firearms", "SN 4417")
	p.screenshot("found by serial")
	if status := p.open("/productions/red-mesa/armory?q=nothing-like-it"); status != http.StatusOK {
		t.Fatalf("search: status %d", status)
	}
	p.wantText("#firearms", "No firearm matches.")

	// Typing in the search box narrows the list as one types, without
	// leaving the page.
	runOn(p, "clear the search", chromedp.Evaluate[string](`document.querySelector("#q").value = ""`))
	p.typeInto("#q", "44")
	p.do("wait for the list", chromedp.WaitVisible(chromedp.CSS(`#firearms a.card`)))
	p.wantText("#firearms", "SN 4417")
	if _, q := p.location(); q.Get("q") != "44" {
		t.Errorf("after typing, the address has q=%q, want 44", q.Get("q"))
	}

	// A lot's label opens its page.
	if status := p.open("/productions/red-mesa/lots/" + ts.ids["lot"]); status != http.StatusOK {
		t.Fatalf("lot page: status %d", status)
	}
	p.screenshot("lot")
	p.wantText("main h1", "Lot D-1")
	p.wantText(".state", "50 in stock")
	p.wantText(".state", "not verified inert")
	p.wantFits()
}

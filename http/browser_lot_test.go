package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserLotForms receives a lot of dummies on the armory page, saying
// where it was made (a lot made from live cartridges is refused with what
// was typed kept), then checks its rounds inert with the witness's PIN,
// and records a failed check that quarantines it.
func TestBrowserLotForms(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	ad := ts.ids["first_ad"]
	if status, body := ts.call(t, "producer", "PUT", "/api/v1/productions/red-mesa/people/"+ad+"/pin", `{"pin":"2468"}`); status != http.StatusOK {
		t.Fatalf("1st AD's PIN: %d %s", status, body)
	}
	p := newPhone(t, ts.URL)
	signInAs(p, "armorer", "/productions/red-mesa/armory")
	p.typeInto("#lot-label", "D-7")
	choose(p, "#lot-kind", "dummy")
	p.typeInto("#lot-calibre", ".45 Colt")
	p.typeInto("#lot-source", "Our shop")
	p.typeInto("#lot-headstamp", "WIN 45")
	p.typeInto("#lot-count", "24")
	p.do("made up", chromedp.Click(chromedp.CSS(`input[name="origin.kind"][value=made_up]`)))
	choose(p, "#origin-made_from", "live_cartridges")
	submitTo(p, `form[action$="/armory/lots"] button[type=submit]`, "#problem")
	p.wantText("#problem", "made up from live cartridges")
	if got := p.value("#lot-label"); got != "D-7" {
		t.Fatalf("after the refusal the label reads %q", got)
	}
	p.screenshot("lot refused")
	choose(p, "#origin-made_from", "new_components")
	submitTo(p, `form[action$="/armory/lots"] button[type=submit]`, ".state")
	p.wantText("main h1", "Lot D-7")
	p.wantText("main", "new empty cases and inert projectiles")
	p.wantText(".state", "not verified inert")
	checkPage(p, "lot received", mustPath(p))

	// Twelve rounds checked, witnessed by the 1st AD's PIN.
	p.typeInto("#checked", "12")
	p.do("methods", chromedp.Click(chromedp.CSS(`input[name=methods][value=rattle]`)), chromedp.Click(chromedp.CSS(`input[name=methods][value=no_primer]`)))
	choose(p, "#witness", ad)
	p.typeInto("#witness-pin", "2468")
	submitTo(p, `form[action$="/verify-inert"] button[type=submit]`, ".done")
	p.wantText(".done", "Done: the check is recorded.")
	p.wantText(".state", "12 rounds checked and not loaded yet")

	// One round does not rattle: the lot is quarantined.
	p.typeInto("#checked", "12")
	p.do("method", chromedp.Click(chromedp.CSS(`input[name=methods][value=rattle]`)))
	p.typeInto("#failed", "1")
	p.do("failure", chromedp.Click(chromedp.CSS(`input[name=failures][value=rattle]`)))
	choose(p, "#witness", ad)
	p.typeInto("#witness-pin", "2468")
	submitTo(p, `form[action$="/verify-inert"] button[type=submit]`, ".state p.nogo-text")
	p.wantText(".state", "Quarantined: rounds failed their inert check")
	p.screenshot("lot quarantined")
	if strings.Contains(p.text(".state"), "verified inert") && !strings.Contains(p.text(".state"), "Quarantined") {
		t.Fatal("a quarantined lot still reads verified")
	}
}

// submitTo taps a form's button and waits for what only the page it leads
// to shows.
func submitTo(p *phone, button, shows string) {
	p.t.Helper()
	p.do("submit "+button, chromedp.Click(chromedp.CSS(button)), chromedp.WaitVisible(chromedp.CSS(shows)))
}

// mustPath returns the path the phone is on.
func mustPath(p *phone) string {
	p.t.Helper()
	path, _ := p.location()
	return path
}

package http_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserAnonymousConcern: on a phone, signed out, someone reports a
// critical firearm concern anonymously and notes the receipt code; while
// it is open the armory cannot issue a firearm (WS-3); the safety
// coordinator, signed in, finds it overdue in red, acknowledges and
// answers it; signed out again, the reporter reads the answer with the
// code and replies.
func TestBrowserAnonymousConcern(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)
	const report = "/report/red-mesa"

	// Signed out, the public page takes the report.
	if status := p.open(report); status != http.StatusOK {
		t.Fatalf("the report page: %d", status)
	}
	p.wantText("main h1", "Report a concern anonymously")
	p.wantText("main", "Red Mesa")
	checkPage(p, "anonymous report", report)
	p.do("choose firearms and critical",
		chromedp.Click(chromedp.CSS(`input[name=category][value=firearms]`)),
		chromedp.Click(chromedp.CSS(`input[name=severity][value=critical]`)))
	p.typeInto("#location", "Church set")
	p.typeInto("#description", "Someone was plinking with the prop guns at lunch")
	tapTo(p, `form.concern-form button[type=submit]`, http.StatusCreated)
	p.wantText("main h1", "Your receipt code")
	p.wantText(".write-it-down", "Write it down now.")
	code := p.text("#receipt-code")
	if !regexp.MustCompile(`^\d{4}( \d{4}){4}$`).MatchString(strings.TrimSpace(code)) {
		t.Fatalf("the receipt code shown is %q", code)
	}
	p.screenshot("receipt code")
	p.wantAccessible("receipt code")
	p.wantFits()

	// While it is open, the armory's next issue is refused (WS-3).
	concerns := decode[sshttp.ConcernList](t, concernCall(t, ts, "safety_coordinator", "GET", "/api/v1/productions/red-mesa/concerns", ""))
	if len(concerns.Concerns) != 1 || concerns.Concerns[0].Mode != "anonymous" || concerns.Concerns[0].Reporter != "" {
		t.Fatalf("the concerns after the report: %+v", concerns)
	}
	id := concerns.Concerns[0].ID
	concernCall(t, ts, "producer", "PUT", "/api/v1/productions/red-mesa/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`)
	status, refusal := ts.call(t, "armorer", "POST", "/api/v1/productions/red-mesa/firearms/"+ts.ids["firearm"]+"/unsecure", "")
	if e := errorOf(t, refusal); status != http.StatusConflict || !hasRule(e, "WS-3") {
		t.Fatalf("issuing a firearm while the concern is open: %d %s", status, refusal)
	}

	// An hour later nobody has acknowledged it: the coordinator finds it
	// overdue, in red, two taps from the production.
	ts.env.Clock.Advance(time.Hour)
	signInAs(p, "safety_coordinator", "/productions/red-mesa")
	tapTo(p, `.tiles a[href="/productions/red-mesa/concerns"]`, http.StatusOK)
	p.wantText("main h1", "Concerns")
	p.wantText(".concern-card.overdue .overdue-flag", "Overdue")
	p.wantText(".concern-card.overdue", "Anonymous")
	checkPage(p, "concerns list", "/productions/red-mesa/concerns")
	tapTo(p, `a.report-button`, http.StatusOK)
	p.wantText("main h1", "Report a concern")
	checkPage(p, "report a concern signed in", "/productions/red-mesa/concerns/new")
	p.open("/productions/red-mesa/concerns")
	tapTo(p, `a[href="/productions/red-mesa/concerns/poster"]`, http.StatusOK)
	p.wantText(".poster-link", report) // under the server's public address
	checkPage(p, "poster", "/productions/red-mesa/concerns/poster")
	p.open("/productions/red-mesa/concerns")
	page := "/productions/red-mesa/concerns/" + id
	tapTo(p, `a.concern-card[href="`+page+`"]`, http.StatusOK)
	p.wantText("main", "Someone was plinking with the prop guns at lunch")
	checkPage(p, "concern", page)
	p.do("choose acknowledged", chromedp.Click(chromedp.CSS(`input[name=state][value=acknowledged]`)))
	tapTo(p, `form[action$="/move"] button[type=submit]`, http.StatusOK)
	p.wantText(".done", "Done: the concern moved on.")
	p.typeInto("#answer-text", "Thank you. Where were the guns kept?")
	tapTo(p, `form[action$="/answer"] button[type=submit]`, http.StatusOK)
	p.wantText(".done", "Done: the reporter can read your answer.")
	p.wantText(".conversation", "Thank you. Where were the guns kept?")
	p.signOutThroughHeader()

	// Signed out, the reporter reads the answer with the code and replies.
	if status := p.open(report + "/receipt"); status != http.StatusOK {
		t.Fatalf("the receipt page: %d", status)
	}
	p.wantText("main", "A lost code cannot be recovered")
	checkPage(p, "read with code", report+"/receipt")
	p.typeInto("#code", code)
	tapTo(p, `main form button[type=submit]`, http.StatusOK)
	p.wantText(".concern-card .concern-state", "Acknowledged")
	p.wantText(".conversation", "Thank you. Where were the guns kept?")
	p.screenshot("answers read with the code")
	p.wantAccessible("answers read with the code")
	p.wantFits()
	p.typeInto("#text", "In the second prop case, unlocked")
	tapTo(p, `main form button[type=submit]`, http.StatusOK)
	p.wantText(".done", "Done: your reply is sent.")
	p.wantText(".conversation", "In the second prop case, unlocked")

	d := decode[sshttp.ConcernDetail](t, concernCall(t, ts, "safety_coordinator", "GET", "/api/v1/productions/red-mesa/concerns/"+id, ""))
	if last := d.Messages[len(d.Messages)-1]; last.Kind != "reply" || last.Author != "" || last.Text != "In the second prop case, unlocked" {
		t.Errorf("the reply as recorded: %+v", last)
	}
	entries := decode[sshttp.EntriesView](t, concernCall(t, ts, "producer", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", ""))
	if last := entries.Entries[len(entries.Entries)-1]; last.Type != "concern.replied" || last.Actor != "anonymous" {
		t.Errorf("the reply's entry: %+v", last)
	}
}

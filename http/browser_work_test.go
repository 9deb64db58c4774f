package http_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserReportWhenBusy: many anonymous reports have come in and this
// phone has sent one already, so its next must show work. The page's
// script finds the proof before the form goes, and the server takes the
// report at once, its clock unmoved, without asking to wait; the wait is
// only for a phone without the script.
func TestBrowserReportWhenBusy(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	for c := range 10 {
		for range 10 {
			anonymousCall(t, ts, fmt.Sprintf("192.0.2.%d", c), "POST", "/api/v1/report/red-mesa/concerns", `{"category":"other","severity":"normal","description":"flood"}`)
		}
	}
	p := newPhone(t, ts.URL)
	report := func(description, work string) {
		t.Helper()
		if status := p.open("/report/red-mesa"); status != http.StatusOK {
			t.Fatalf("the report page: %d", status)
		}
		if got := runOn(p, "the form's work", chromedp.AttributeValue(chromedp.CSS("form.concern-form"), "data-work")).Value; got != work {
			t.Fatalf("the page asks its script for %q bits of work, want %q", got, work)
		}
		p.do("choose water and high",
			chromedp.Click(chromedp.CSS(`input[name=category][value=water]`)),
			chromedp.Click(chromedp.CSS(`input[name=severity][value=high]`)))
		p.typeInto("#description", description)
		// The script sends the form once it has found the proof: wait for
		// the receipt code rather than for the tap's own page.
		p.do("send", chromedp.Click(chromedp.CSS(`form.concern-form button[type=submit]`)))
		if code := p.text("#receipt-code"); len(code) != 24 {
			t.Fatalf("the receipt code shown is %q", code)
		}
	}
	report("No safety divers at the tank", "0")
	report("The tank's ladder is loose", "16")
	p.screenshot("second report when busy")

	// A proof found in the script's first moment must still send the form:
	// a form sent again from inside its own submit event is dropped. With
	// one bit asked, the first or second number is a proof every time; the
	// server asks for more and answers so, but the form must have gone.
	p.open("/report/red-mesa")
	p.do("ask for one bit, and mark this page",
		chromedp.Evaluate[chromedp.Void](`document.querySelector("form.concern-form").dataset.work = "1"; window.stillHere = true`),
		chromedp.Click(chromedp.CSS(`input[name=category][value=water]`)),
		chromedp.Click(chromedp.CSS(`input[name=severity][value=high]`)))
	p.typeInto("#description", "The tank's pump is sparking")
	p.do("send", chromedp.Click(chromedp.CSS(`form.concern-form button[type=submit]`)))
	// The answer is a page of its own, without this one's mark: the
	// problem (more work is asked), or by chance the receipt code. It is
	// waited for within a step, as the page goes while it is waited for.
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#problem, #receipt-code"))); err != nil {
		t.Fatalf("a form whose proof was found at once was never sent: no answer came (%v)", err)
	}
	if runOn(p, "whether the page was left", chromedp.Evaluate[bool](`window.stillHere === true`)) {
		t.Fatal("a form whose proof was found at once was never sent")
	}
}

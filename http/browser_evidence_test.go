package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
	"github.com/setsafe/setsafe/witness"
)

// TestBrowserEvidence: on a phone, the safety coordinator opens Evidence
// from the production's home, adds the union's witness with its key (a
// wrong key first, which the page explains) and sees it listed; a witness's
// refusal shows as an alarm, and the producer resolves it saying what was
// found.
func TestBrowserEvidence(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)
	const prod = "/productions/red-mesa"
	const evidence = prod + "/evidence"

	signInAs(p, "safety_coordinator", prod)
	tapTo(p, `.tiles a[href="`+evidence+`"]`, http.StatusOK)
	p.wantText("main h1", "Evidence")
	p.wantText("main", "No witness yet")
	p.wantText("main", "setsafe export --production red-mesa")
	p.do("open the form", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
	p.typeInto("#witness-url", "https://witness.union.example.org")
	p.typeInto("#witness-key", "witness.union.example.org+b2c3f672+AQ==")
	tapTo(p, "#add-witness button[type=submit]", http.StatusUnprocessableEntity)
	p.wantText("#key-problem", "0x04")
	p.screenshot("a key of another type")
	p.do("clear the key", chromedp.Evaluate[chromedp.Void](`document.querySelector("#witness-key").value = ""`))
	p.typeInto("#witness-key", witnessKey)
	tapTo(p, "#add-witness button[type=submit]", http.StatusOK)
	p.wantPath(evidence)
	p.wantText("#done", "the witness is added")
	p.wantText("#witness-list", "witness.union.example.org")
	p.wantText("#witness-list", "https://witness.union.example.org")
	p.wantText("#witness-list", "Added")
	checkPage(p, "evidence, one witness", evidence)
	p.signOutThroughHeader()

	// The witness refuses a checkpoint: an alarm on the page.
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", setsafe.SystemActor("witness"),
		witness.RecordRefusal{Witness: "witness.union.example.org", Size: 12, Status: 409, Reason: "checkpoint does not extend the one seen at 15"}))
	signInAs(p, "producer", evidence)
	p.wantText("#refusals", "witness.union.example.org")
	p.wantText("#refusals", "does not extend the one seen at 15")
	p.wantText("#refusals", "Not acknowledged yet")
	p.screenshot("evidence, a refusal")
	p.typeInto("#refusals form:last-of-type textarea", "The witness had cosigned the staging server's ledger by mistake.")
	tapTo(p, "#refusals form:last-of-type button[type=submit]", http.StatusOK)
	p.wantText("#done", "the refusal is resolved")
	if got := p.text("main"); strings.Contains(got, "Alarm:") {
		t.Fatalf("the alarm is still shown after it was resolved: %q", got)
	}
	p.signOutThroughHeader()

	// Crew do not read the ledger, so they do not see the page.
	signInAs(p, "crew", prod)
	if status := p.open(evidence); status != http.StatusForbidden {
		t.Fatalf("crew opened the Evidence page: %d", status)
	}
}

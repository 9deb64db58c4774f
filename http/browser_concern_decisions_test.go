package http_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserConcernDecision: on a phone, the safety coordinator triages
// a critical concern, is told what a decision without a reason lacks, and
// decides to proceed.
func TestBrowserConcernDecision(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	seedLocations(t, ts)
	id := setsafe.NewID()
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.RaiseConcern{ID: id, Category: setsafe.CategoryOther,
		LocationID: "quarry", Severity: setsafe.SeverityCritical, Description: "Loose rock above the dig", Mode: setsafe.ReportNamed, By: ts.ids["crew"]}))
	p := newPhone(t, ts.URL)
	signInAs(p, "safety_coordinator", "/productions/red-mesa/concerns/"+id)
	p.wantText("#decision", "Stopped until the safety coordinator or a producer decides")

	p.do("founded", chromedp.Click(chromedp.CSS(`input[name=triage][value=founded]`)))
	submitTo(p, `form[action$="/triage"] button[type=submit]`, ".done")
	p.wantText(".done", "Done: the concern is triaged")
	p.wantText("#triage", "Founded")

	p.do("proceed", chromedp.Click(chromedp.CSS(`input[name=decision][value=proceed]`)))
	runOn(p, "no reason", chromedp.Evaluate[bool](`document.getElementById("decision-reason").removeAttribute("required") === undefined`))
	submitTo(p, `form[action$="/decision"] button[type=submit]`, "#problem")
	p.wantText("#problem", "reason")
	p.do("proceed again", chromedp.Click(chromedp.CSS(`input[name=decision][value=proceed]`)))
	p.typeInto("#decision-reason", "Face scaled; netting up")
	submitTo(p, `form[action$="/decision"] button[type=submit]`, ".done")
	p.wantText("#decision", "Goes on, decided: Face scaled; netting up")
	p.screenshot("concern decided")
}

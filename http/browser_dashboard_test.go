package http_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserDashboard: on a phone, the safety coordinator opens the
// production's dashboard from its home, counts the last 7 days, reads the
// numbers behind a chart and takes charge of the pattern of incidents
// there; the page is accessible in both themes and in Spanish, fits the
// screen and weighs less than the budget; on both databases.
func TestBrowserDashboard(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			w := fillDashboardWorld(t, ts)
			dashboardOnAPhone(t, ts, w, newPhone(t, ts.URL))
		})
	}
}

func dashboardOnAPhone(t *testing.T, ts *testServer, w dashboardWorld, p *phone) {
	const prod = "/productions/red-mesa"
	const week = prod + "/dashboard?days=7"
	signInAs(p, "safety_coordinator", prod)
	tapTo(p, `.tiles a[href="`+prod+`/dashboard"]`, http.StatusOK)
	p.wantText("main h1", "Safety dashboard")
	p.wantText(`.day-selector a[aria-current="page"]`, "30 days")
	tapTo(p, `.day-selector a[href="`+week+`"]`, http.StatusOK)
	p.wantText(`.day-selector a[aria-current="page"]`, "7 days")
	p.wantText("#figure-concerns dd", "3")
	p.wantText("#figure-overdue-actions", "Overdue")

	// Five charts, each an image as wide as the screen allows; the three
	// concerns of their day make three parts of one bar.
	if n := runOn(p, "charts", chromedp.Evaluate[int](`document.querySelectorAll("svg.chart-svg[role=img][aria-label]").length`)); n != 5 {
		t.Errorf("the dashboard draws %d named charts, want 5", n)
	}
	if n := runOn(p, "bars", chromedp.Evaluate[int](`document.querySelectorAll("#concerns svg.chart-svg > rect").length`)); n != 3 {
		t.Errorf("the concerns' chart draws %d parts of bars, want 3", n)
	}
	if width := runOn(p, "chart width", chromedp.Evaluate[float64](`document.querySelector("#concerns svg.chart-svg").getBoundingClientRect().width`)); width < 250 || width > phoneWidth {
		t.Errorf("the concerns' chart is %g px wide on a %d px screen", width, phoneWidth)
	}
	p.wantText("#concerns .legend", "Critical")
	p.wantText("#concerns .legend", "Normal")
	raised := ts.env.Clock.Now().Add(-36*time.Hour - 12*time.Minute).In(mustLoad(t, "America/Denver")).Format(time.DateOnly)
	p.do("open the numbers", chromedp.Click(chromedp.CSS(`#concerns details summary`)))
	p.wantText("#concerns details table", raised)
	p.screenshot("numbers open")
	checkPage(p, "dashboard", week)

	// The pattern of incidents, taken charge of on the dashboard.
	p.open(week)
	p.wantText("#pattern-"+w.Pattern, "3 incidents in 14 days")
	p.typeInto("#ack-reason-"+w.Pattern, "Revolver back to PDQ for inspection")
	tapTo(p, "#ack-"+w.Pattern+" button[type=submit]", http.StatusOK)
	p.wantPath(prod + "/dashboard")
	p.wantText("#patterns .done", "Done: you took charge of the pattern")
	p.wantText("#pattern-"+w.Pattern, "taken charge of by The Safety coordinator")
	p.screenshot("pattern taken charge of")

	p.switchTheme("contrast")
	p.screenshot("contrast")
	p.wantAccessible("dashboard (contrast)")
	p.switchTheme("standard")

	p.pickLanguage("es")
	p.open(week)
	p.wantPageLanguage("es")
	p.wantText("main h1", "Panel de seguridad")
	p.wantText("#concerns h3", "Preocupaciones planteadas cada día, por gravedad")
	p.wantText("#concerns .legend", "Crítica")
	if label := runOn(p, "chart label", chromedp.Evaluate[string](`document.querySelector("#refusals svg").getAttribute("aria-label")`)); label != "Rechazos del control, por regla" {
		t.Errorf("the refusals' chart is named %q in Spanish", label)
	}
	p.wantText("#pattern-"+w.Pattern, "3 incidentes en 14 días")
	checkPage(p, "dashboard in Spanish", week)
}

// TestBrowserStudio: on a phone, a site administrator grants an insurer's
// account the studio's view of red-mesa with the form; signed in as that
// account, the home leads to the view, a row per production and their
// sum with the charts; both pages are accessible in both themes and in
// Spanish, fit the screen and weigh less than the budget; on both
// databases.
func TestBrowserStudio(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			fillDashboardWorld(t, ts)
			studioOnAPhone(t, ts, newPhone(t, ts.URL))
		})
	}
}

func studioOnAPhone(t *testing.T, ts *testServer, p *phone) {
	outsider := ts.ids["account:outsider"]
	p.signInThroughForm("site_admin")
	p.wantPath("/")
	tapTo(p, "#studio-access-link", http.StatusOK)
	p.wantPath("/studio/access")
	p.wantText("main", "No account has a studio view.")
	checkPage(p, "studio grants", "/studio/access")

	p.open("/studio/access")
	choose(p, "#grant-account", outsider)
	p.do("as an insurer, over Red Mesa",
		chromedp.Click(chromedp.CSS(`#grant-form input[name=capacity][value=insurer]`)),
		chromedp.Click(chromedp.CSS(`#grant-form input[name=productions][value=red-mesa]`)))
	p.screenshot("grant filled in")
	tapTo(p, "#grant-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the account sees the counts of those productions now.")
	p.wantText("#grant-"+outsider, "As: Insurer")
	p.wantText("#grant-"+outsider, "Red Mesa")
	p.screenshot("granted")
	p.wantAccessible("studio grants with a grant")
	p.wantFits()
	p.signOutThroughHeader()

	p.signInThroughForm("outsider")
	p.wantPath("/")
	tapTo(p, "#studio-link", http.StatusOK)
	p.wantPath("/studio")
	p.wantText("main h1", "Studio view across productions")
	p.wantText(`tr[data-production="red-mesa"] th`, "Red Mesa")
	p.wantText(`tr[data-production="all"] th`, "All productions")
	if n := runOn(p, "bars", chromedp.Evaluate[int](`document.querySelectorAll('tr[data-production="red-mesa"] svg.spark rect').length`)); n != 3 {
		t.Errorf("the production's row draws %d bars, want 3 (concerns, incidents, refusals)", n)
	}
	if n := runOn(p, "charts", chromedp.Evaluate[int](`document.querySelectorAll("svg.chart-svg[role=img]").length`)); n != 5 {
		t.Errorf("the studio's view draws %d charts of the sum, want 5", n)
	}
	checkPage(p, "studio view", "/studio")
	tapTo(p, `.day-selector a[href="/studio?days=90"]`, http.StatusOK)
	p.wantText(`.day-selector a[aria-current="page"]`, "90 days")

	p.switchTheme("contrast")
	p.screenshot("studio contrast")
	p.wantAccessible("studio view (contrast)")
	p.switchTheme("standard")

	p.pickLanguage("es")
	p.open("/studio")
	p.wantPageLanguage("es")
	p.wantText("main h1", "Vista del estudio sobre las producciones")
	p.wantText(`tr[data-production="all"] th`, "Todas las producciones")
	p.wantText("main", "Usted ve como: Aseguradora.")
	checkPage(p, "studio view in Spanish", "/studio")
}

package http_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/storagetest"
)

// incidentByAPI records an incident of kind as actor through the API,
// with a description, and returns its ID.
func incidentByAPI(t *testing.T, ts *testServer, actor, kind, description string) string {
	t.Helper()
	return decode[sshttp.RecordedResult](t, ts.caller(t)(actor, "POST", "/api/v1/productions/red-mesa/incidents",
		`{"kind":"`+kind+`","description":"`+description+`"}`, http.StatusCreated)).ID
}

// TestBrowserReportIncident: on a phone, a crew member records a near miss
// in two taps from the production's home, lands on its page and fills in
// the details there; on both databases.
func TestBrowserReportIncident(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			reportIncident(t, ts, newPhone(t, ts.URL))
		})
	}
}

func reportIncident(t *testing.T, ts *testServer, p *phone) {
	const prod = "/productions/red-mesa"
	signInAs(p, "crew", prod)
	p.wantText(".tiles li:first-child", "Report an incident")

	// Tap one: the tile. Tap two: what happened.
	tapTo(p, `.tiles a[href="`+prod+`/incidents/new"]`, http.StatusOK)
	p.wantText("main h1", "Report an incident")
	if n := runOn(p, "kind buttons", chromedp.Evaluate[int](`document.querySelectorAll("button.kind-button").length`)); n != len(incident.Kinds) {
		t.Errorf("the page offers %d kinds, want %d", n, len(incident.Kinds))
	}
	p.screenshot("kinds")
	p.wantAccessible("report an incident")
	p.wantFits()
	tapTo(p, "#kind-near_miss", http.StatusOK)
	path, _ := p.location()
	id, ok := strings.CutPrefix(path, prod+"/incidents/")
	if !ok || id == "" || strings.Contains(id, "/") {
		t.Fatalf("two taps led to %s, want the incident's page", path)
	}
	p.wantText("main h1", "Near miss")
	p.wantText(".done", "Recorded, with the time.")
	p.wantText("#reporter", "The Crew")
	if x := incidentOf(t, ts, id); x.Kind != incident.KindNearMiss || x.ReportedBy != ts.ids["crew"] {
		t.Fatalf("two taps recorded %+v", x)
	}
	p.screenshot("recorded")

	// The details, on the same page.
	p.typeInto("#description", "A light stand fell where the actor had stood")
	p.typeInto("#immediate_action", "Every stand sandbagged")
	p.typeInto("#where", "Church set, nave")
	p.do("how bad, and could it have killed",
		chromedp.Click(chromedp.CSS(`input[name=severity][value=none]`)),
		chromedp.Click(chromedp.CSS(`#could_have_been_fatal`)))
	p.do("name who was involved",
		chromedp.Click(chromedp.CSS(`#details-form details.people-pick:first-of-type summary`)),
		chromedp.Click(chromedp.CSS(`#details-form input[name=people][value="`+ts.ids["cast"]+`"]`)))
	p.screenshot("details filled in")
	tapTo(p, "#details-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the record is corrected.")
	p.wantText(".incident-record", "A light stand fell where the actor had stood")
	p.wantText(".incident-record .fatal-flag", "Could have been fatal")
	p.wantText(".incident-record", "The Cast")
	p.screenshot("details saved")
	p.wantAccessible("incident page of its reporter")
	p.wantFits()
	x := incidentOf(t, ts, id)
	if x.Description != "A light stand fell where the actor had stood" || x.ImmediateAction != "Every stand sandbagged" || x.Where != "Church set, nave" ||
		x.Severity != incident.SeverityNone || !x.CouldHaveBeenFatal || !slices.Equal(x.People, []string{ts.ids["cast"]}) {
		t.Fatalf("the record after the details form: %+v", x)
	}
}

// TestBrowserInvestigation: the safety coordinator names the 1st AD to
// investigate a near miss they could not read before; the 1st AD records a contributing factor with its whys and the root cause;
// the safety coordinator and a producer sign it off, which closes it; on
// both databases.
func TestBrowserInvestigation(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			investigate(t, ts, newPhone(t, ts.URL))
		})
	}
}

func investigate(t *testing.T, ts *testServer, p *phone) {
	id := incidentByAPI(t, ts, "cast", incident.KindNearMiss, "A light stand fell where I had stood")
	page := "/productions/red-mesa/incidents/" + id

	signInAs(p, "safety_coordinator", page)
	p.wantText("#investigator-name", "No investigator yet")
	choose(p, "#investigator", ts.ids["first_ad"])
	tapTo(p, "#investigator-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the investigator is named.")
	p.wantText("#investigator-name", "The 1st assistant director")
	p.signOutThroughHeader()

	// The 1st AD investigates: a factor with three whys, the root cause.
	signInAs(p, "first_ad", page)
	p.do("choose equipment", chromedp.Click(chromedp.CSS(`#factor-form input[name=category][value=equipment]`)))
	p.typeInto("#factor-description", "The stand had no sandbag")
	for i, why := range []string{"None were on the truck", "Nobody ordered them", "The grip truck has no checklist"} {
		p.typeInto("#why-"+string(rune('1'+i)), why)
	}
	tapTo(p, "#factor-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the factor is recorded.")
	p.wantText(".factors", "Equipment: what failed or was missing")
	if n := runOn(p, "whys", chromedp.Evaluate[int](`document.querySelectorAll(".factors .whys li").length`)); n != 3 {
		t.Errorf("the factor shows %d whys, want 3", n)
	}
	p.wantText(".factors .whys li:last-child", "The grip truck has no checklist")
	p.typeInto("#root_cause", "No checklist for loading the grip truck")
	tapTo(p, "#conclusion-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "It needs the two sign-offs.")
	p.wantText("#root-cause-text", "No checklist for loading the grip truck")
	p.wantText(".incident-state", "Root cause found, waiting for sign-off")
	// The investigator does not sign it off.
	if n := runOn(p, "sign-off forms", chromedp.Evaluate[int](`document.querySelectorAll(".sign-off-form").length`)); n != 0 {
		t.Errorf("the investigator is offered %d sign-offs", n)
	}
	p.screenshot("concluded")
	p.wantAccessible("incident page of its investigator")
	p.signOutThroughHeader()

	// The two signatures, each by whom it is for.
	signInAs(p, "safety_coordinator", page)
	if n := runOn(p, "sign-off forms", chromedp.Evaluate[int](`document.querySelectorAll(".sign-off-form").length`)); n != 1 {
		t.Errorf("the safety coordinator is offered %d sign-offs, want theirs", n)
	}
	tapTo(p, "#sign-off-safety_coordinator button[type=submit]", http.StatusOK)
	p.wantText("#signed-safety_coordinator", "signed by The Safety coordinator")
	p.signOutThroughHeader()
	signInAs(p, "producer", page)
	p.typeInto("#note-producer", "Checklist agreed with the key grip")
	tapTo(p, "#sign-off-producer button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: your sign-off is recorded.")
	p.wantText(".incident-state", "Closed: signed off")
	p.wantText("#signed-producer", "signed by The Producer")
	p.screenshot("closed")
	if n := runOn(p, "forms left", chromedp.Evaluate[int](`document.querySelectorAll("#factor-form, #conclusion-form, #investigator-form, #details-form").length`)); n != 0 {
		t.Errorf("the closed incident still offers %d investigation forms", n)
	}
	x := incidentOf(t, ts, id)
	if x.State != incident.StateClosed || x.Investigator != ts.ids["first_ad"] || len(x.Factors) != 1 ||
		!slices.Equal(x.Factors[0].Whys, []string{"None were on the truck", "Nobody ordered them", "The grip truck has no checklist"}) ||
		x.SafetySignedBy != ts.ids["safety_coordinator"] || x.ProducerSignedBy != ts.ids["producer"] {
		t.Fatalf("the closed incident: %+v", x)
	}
}

// TestBrowserCorrectiveAction: the safety coordinator plans an action
// with its owner and due day on the incident's page; the owner finds it
// from the production's home and records it done.
func TestBrowserCorrectiveAction(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)
	const prod = "/productions/red-mesa"
	id := incidentByAPI(t, ts, "cast", incident.KindPropertyDamage, "The dolly ran off the end of the track")
	today := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format(time.DateOnly)

	signInAs(p, "safety_coordinator", prod+"/incidents/"+id)
	p.typeInto("#plan-what", "Put end stops on every dolly track")
	choose(p, "#plan-owner", ts.ids["crew"])
	choose(p, "#plan-due", today)
	tapTo(p, "#plan-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the action is planned.")
	p.wantText(".action-list", "Put end stops on every dolly track")
	p.wantText(".action-list", "Owner: The Crew")
	p.signOutThroughHeader()

	signInAs(p, "crew", prod)
	p.wantText("#my-actions", "Corrective actions you own: 1.")
	tapTo(p, "#my-actions a", http.StatusOK)
	p.wantPath(prod + "/corrective-actions")
	p.wantText(".action-list", "Put end stops on every dolly track")
	checkPage(p, "corrective actions of their owner", prod+"/corrective-actions")
	action := incidentOf(t, ts, id).Actions[0].ID
	p.typeInto("#done-note-"+action, "End stops fitted on both tracks")
	tapTo(p, "#done-"+action+" button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the action is recorded as done.")
	p.wantText("main", "No action waits to be done.")
	p.screenshot("done")
	if a := incidentOf(t, ts, id).Actions[0]; a.State != incident.ActionStateDone || a.DoneBy != ts.ids["crew"] || a.DoneNote != "End stops fitted on both tracks" {
		t.Fatalf("the action after its owner's form: %+v", a)
	}
}

// TestBrowserIncidentRegisterQuality: the register, an incident's page
// and the page of kinds are accessible in both themes, fit a phone and
// weigh less than the budget on a first visit.
func TestBrowserIncidentRegisterQuality(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	id := incidentByAPI(t, ts, "cast", incident.KindInjury, "Cut hand on the edge of a flat")
	ts.caller(t)("crew", "POST", "/api/v1"+prod+"/incidents", `{"kind":"near_miss","could_have_been_fatal":true,"description":"A sandbag fell from the grid"}`, http.StatusCreated)
	ts.caller(t)("armorer", "POST", "/api/v1"+prod+"/firearms/"+ts.ids["firearm"]+"/discharges", `{"kind":"misfire","description":"Hammer fell, no report"}`, http.StatusCreated)
	ts.caller(t)("safety_coordinator", "POST", "/api/v1"+prod+"/incidents/"+id+"/actions",
		`{"what":"Tape the edges of every flat","owner":"`+ts.ids["crew"]+`","due":"`+ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format(time.DateOnly)+`"}`, http.StatusCreated)
	ts.env.Clock.Advance(36 * time.Hour) // the action is overdue: the register marks it

	p := newPhone(t, ts.URL)
	signInAs(p, "safety_coordinator", prod)
	tapTo(p, `.tiles a[href="`+prod+`/incidents"]`, http.StatusOK)
	p.wantText("main h1", "Incidents")
	if n := runOn(p, "cards", chromedp.Evaluate[int](`document.querySelectorAll("#open-incidents + .incident-list .incident-card").length`)); n != 3 {
		t.Errorf("the register lists %d open incidents, want 3", n)
	}
	p.wantText(`.incident-card[data-id="`+id+`"] .overdue-flag`, "Overdue actions: 1")
	p.wantText(".incident-card .fatal-flag", "Could have been fatal") // the sandbag
	p.wantText(".links", "Download the register")
	checkPage(p, "incident register", prod+"/incidents")
	concern := decode[sshttp.RecordedResult](t, ts.caller(t)("crew", "POST", "/api/v1"+prod+"/concerns",
		`{"category":"equipment","severity":"high","mode":"named","description":"The flats have sharp edges"}`, http.StatusCreated)).ID
	pages := []struct{ name, path string }{
		{"incident page", prod + "/incidents/" + id},
		{"report an incident", prod + "/incidents/new"},
		{"corrective actions", prod + "/corrective-actions"},
		{"concern page with the register's forms", prod + "/concerns/" + concern},
	}
	for _, pg := range pages {
		p.open(pg.path)
		checkPage(p, pg.name, pg.path)
	}
	p.open(prod + "/concerns/" + concern)
	p.wantText("#turn-form", "Turn into an incident")
	p.wantText("#link-form", "Link")
	p.switchTheme("contrast")
	for _, path := range []string{prod + "/incidents", prod + "/incidents/" + id} {
		p.open(path)
		p.screenshot("contrast " + path)
		p.wantAccessible(path + " (contrast)")
	}
}

// TestBrowserIncidentInSpanish: an incident's page read in Spanish.
func TestBrowserIncidentInSpanish(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	id := incidentByAPI(t, ts, "crew", incident.KindLiveRound, "A live round in the dummy box")
	p := newPhone(t, ts.URL)
	p.open("/login")
	p.pickLanguage("es")
	signInAs(p, "crew", "/productions/red-mesa/incidents/"+id)
	p.wantPageLanguage("es")
	p.wantText("main h1", "Cartucho real encontrado")
	p.wantText(".incident-record", "Sin evaluar todavía")
	p.wantText("#details-form", "Guardar los detalles")
	p.wantText("#details-form", "Lo que se hizo en el momento")
	p.wantText("#investigation", "Investigación")
	p.wantText("#investigator-name", "Todavía nadie lo investiga")
	p.screenshot("incident in Spanish")
	p.wantAccessible("incident page in Spanish")
	p.wantFits()
}

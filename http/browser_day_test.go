package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/storagetest"
)

// tapTo taps what sel selects and fails the test unless the page it
// loads has the status.
func tapTo(p *phone, sel string, want int) {
	p.t.Helper()
	if status := p.tap(sel); status != want {
		p.t.Fatalf("tap %s: status %d, want %d; page says %q", sel, status, want, p.text("main"))
	}
}

// checkPage runs the quality checks every page gets: accessibility, fit,
// a screenshot, and its weight on a first visit.
func checkPage(p *phone, name, path string) {
	p.t.Helper()
	p.screenshot(name)
	p.wantAccessible(name)
	p.wantFits()
	p.wantLight(name, path)
}

func TestBrowserTodayFirstAD(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	armoryDay(t, ts, false) // PINs for the cast and the 1st AD, a compliance contact
	cast, armorer := ts.ids["cast"], ts.ids["armorer"]
	if status, body := ts.call(t, "producer", "PUT", "/api/v1/productions/red-mesa/people/"+armorer+"/pin", `{"pin":"1357"}`); status != http.StatusOK {
		t.Fatalf("armorer's PIN: %d %s", status, body)
	}
	const today = "/productions/red-mesa/today"
	p := newPhone(t, ts.URL)

	// From the production's home, Today is the 1st AD's first tile: two
	// taps from the list of productions.
	signInAs(p, "first_ad", "/")
	tapTo(p, `a.card[href="/productions/red-mesa"]`, http.StatusOK)
	if first := p.text(".tiles li:first-child"); !strings.Contains(first, "Today") {
		t.Errorf("the 1st AD's first tile is %q, want Today", first)
	}
	tapTo(p, `.tiles a[href="`+today+`"]`, http.StatusOK)
	p.wantPath(today)
	p.wantText("main h1", "Today")
	p.wantText("#board", "No set-ups planned for today.")
	p.wantText("a.stop-work", "Stop work")

	// Plan the church scene with firearms, through the form.
	p.typeInto("#scene", "14")
	p.typeInto("#name", "Scene 14: the church")
	p.do("tick firearms", chromedp.Click(chromedp.CSS(`#plan ~ form input[value="firearms"]`)))
	tapTo(p, `form[action$="/today/setups"] button[type=submit]`, http.StatusOK)
	p.wantText(".done", "Done: set-up planned.")
	board := dayBoard(t, ts)
	if len(board.SetUps) != 1 || board.SetUps[0].Name != "Scene 14: the church" || board.SetUps[0].Verdict.Go {
		t.Fatalf("after planning, the board is %+v", board.SetUps)
	}
	setup := board.SetUps[0].ID

	// NO-GO until the meeting covers firearms, said in words with the rule.
	card := "#setup-" + setup
	p.wantText(card+" .verdict.nogo", "NO-GO")
	p.wantText(card+" .verdict.nogo", "Today's safety meeting has not covered firearms (bulletin SB1) for Scene 14: the church (HZ-1)")
	checkPage(p, "today no-go", today)

	// Starting it anyway is refused, with the reasons.
	tapTo(p, "#start-"+setup, http.StatusConflict)
	p.wantText("#problem", "NO-GO")
	p.wantText("#problem .reasons", "(HZ-1)")
	p.screenshot("start refused")
	if dayBoard(t, ts).SetUps[0].StartedAt.IsZero() == false {
		t.Fatal("a refused start started the set-up")
	}

	// Hold the meeting: tick the bulletin, a general topic, the walk-through.
	p.open(today)
	tapTo(p, `a.button[href="`+today+`/meeting"]`, http.StatusOK)
	p.wantText("main h1", "Safety meeting")
	p.wantText(".meeting-form", "Safety bulletin SB1: firearms")
	checkPage(p, "meeting", today+"/meeting")
	p.wantText(".meeting-form #points-firearms", "Finger off the trigger until the shot")
	ticks := []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`.meeting-form input[name=hazard][value=firearms]`))}
	for _, id := range gate.TopicIDs(gate.HazardFirearms, nil) {
		ticks = append(ticks, chromedp.Click(chromedp.CSS(`.meeting-form input[name=covered_topics][value="`+id+`"]`)))
	}
	ticks = append(ticks, chromedp.Click(chromedp.CSS(`.meeting-form input[name=topic]`)),
		chromedp.Click(chromedp.CSS(`.meeting-form input[name=walk_through]`)))
	p.do("tick the topics", ticks...)
	p.screenshot("meeting ticked")
	tapTo(p, ".meeting-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the meeting is recorded.")
	p.wantText("#attendance", "Safety bulletin SB1: firearms")
	p.wantText("#attendance", "Walk-through of the set")
	p.wantText("#attendance .point", "Every firearm is treated as loaded")
	p.wantText("#attendance", "Confirmed (0)")

	// The performer confirms on the 1st AD's phone; a wrong PIN first.
	tapTo(p, `.not-yet a[href*="person=`+cast+`"]`, http.StatusOK)
	p.wantText("h1.pin-who", "The Cast: type YOUR PIN")
	attendPath, _ := p.location()
	typePIN(p, "1111")
	tapTo(p, "form.pinpad button[type=submit]", http.StatusUnauthorized)
	p.wantText("#problem", "Wrong PIN. 4 attempts left.")
	if got := p.value("#pin"); got != "" {
		t.Errorf("after a wrong PIN the field holds %q", got)
	}
	checkPage(p, "attendance pin pad", attendPath+"?person="+cast)
	typePIN(p, "2468")
	tapTo(p, "form.pinpad button[type=submit]", http.StatusOK)
	p.wantPath(today + "/meeting")
	p.wantText(".done", "Done: attendance confirmed.")
	p.wantText(".attended", "The Cast")

	tapTo(p, `.not-yet a[href*="person=`+armorer+`"]`, http.StatusOK)
	p.wantText("h1.pin-who", "The Armorer: type YOUR PIN")
	p.typeInto("#pin", "1357")
	tapTo(p, "form.pinpad button[type=submit]", http.StatusOK)
	p.wantText("#attendance", "Confirmed (2)")
	p.wantText(".attended", "The Armorer")
	if strings.Contains(p.text(".not-yet"), "The Cast") {
		t.Error("the performer is still listed as not yet confirmed")
	}
	// The 1st AD confirms their own, in their own session.
	tapTo(p, ".not-yet .self-confirm button", http.StatusOK)
	p.wantText("#attendance", "Confirmed (3)")
	p.wantText(".attended", "The 1st assistant director")
	p.screenshot("attendance")
	st, err := ts.env.DB.LedgerState(t.Context(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]string{}
	for _, at := range st.Attendances() {
		by[at.PersonID] = at.ConfirmedBy
	}
	if len(by) != 3 || by[cast] != "pin" || by[armorer] != "pin" || by[ts.ids["first_ad"]] != "session" {
		t.Errorf("the ledger has the attendances %v, want the cast and the armorer by PIN, the 1st AD in session", by)
	}

	// Now the set-up is GO.
	tapTo(p, `main > p a[href="`+today+`"]`, http.StatusOK)
	p.wantText(card+" .verdict.go", "GO")
	p.screenshot("today go")
	if !dayBoard(t, ts).SetUps[0].Verdict.Go {
		t.Fatalf("after the meeting the API says NO-GO: %+v", dayBoard(t, ts).SetUps[0].Verdict)
	}

	// A stop-work called elsewhere reaches the open screen by itself.
	if status, body := ts.call(t, "crew", "POST", "/api/v1/productions/red-mesa/stop-works", `{"scope":"hazard","hazard":"firearms","reason":"A dummy rattles wrong"}`); status != http.StatusCreated {
		t.Fatalf("crew stop-work: %d %s", status, body)
	}
	p.do("wait for the board to refresh itself", chromedp.WaitVisible(chromedp.CSS("#board .stop-banner")))
	p.wantPath(today)
	p.wantText("#board .stop-banner", "A dummy rattles wrong")
	p.wantText(card+" .verdict.nogo", "(WS-4)")
	p.screenshot("stop-work arrives")
	// Lifted elsewhere; "Check again" shows it at once.
	crewStop := dayBoard(t, ts).StopWorks[0].ID
	if status, body := ts.call(t, "producer", "POST", "/api/v1/productions/red-mesa/stop-works/"+crewStop+"/lift", `{"resolution":"Every dummy checked"}`); status != http.StatusOK {
		t.Fatalf("lift: %d %s", status, body)
	}
	p.do("check again", chromedp.Click(chromedp.CSS("#board a.refresh")), chromedp.WaitVisible(chromedp.CSS(card+" .verdict.go")))
	if n := runOn(p, "banners", chromedp.Evaluate[int](`document.querySelectorAll(".stop-banner").length`)); n != 0 {
		t.Errorf("after the lift and a check, %d banners remain", n)
	}

	// The 1st AD stops work on the set-up, with the big control.
	tapTo(p, "a.stop-work", http.StatusOK)
	p.wantText("main h1", "Stop work")
	checkPage(p, "stop work", today+"/stop-work")
	p.do("choose one set-up", chromedp.Click(chromedp.CSS(`input[name=scope][value=setup]`)))
	choose(p, "#setup_id", setup)
	p.typeInto("#reason", "The balcony rail is loose")
	tapTo(p, ".stop-form button[type=submit]", http.StatusOK)
	p.wantPath(today)
	p.wantText(".done", "Work is stopped.")
	p.wantText(".stop-banner", "WORK IS STOPPED")
	p.wantText(".stop-banner", "Set-up: Scene 14: the church")
	p.wantText(".stop-banner", "Called by The 1st assistant director")
	p.wantText(".stop-banner", "The balcony rail is loose")
	p.wantText(card+" .verdict.nogo", "The 1st assistant director called a stop-work (The balcony rail is loose); nothing goes ahead until it is lifted (WS-4)")
	checkPage(p, "today stopped", today)
	board = dayBoard(t, ts)
	if len(board.StopWorks) != 1 || board.StopWorks[0].SetUpID != setup || board.SetUps[0].Verdict.Go {
		t.Fatalf("after the stop-work, the API says %+v", board)
	}
	if n := runOn(p, "lift links", chromedp.Evaluate[int](`document.querySelectorAll(".stop-banner a").length`)); n != 0 {
		t.Errorf("the 1st AD is offered %d ways to lift the stop-work", n)
	}

	// The safety coordinator lifts it with a written resolution.
	p.signOutThroughHeader()
	signInAs(p, "safety_coordinator", today)
	tapTo(p, ".stop-banner a", http.StatusOK)
	p.wantPath(today + "/stop-work")
	p.typeInto("#in-force ~ .stop-banner textarea[name=resolution]", "Rail bolted; checked by the key grip")
	p.screenshot("lift")
	tapTo(p, "#in-force ~ .stop-banner button[type=submit]", http.StatusOK)
	p.wantPath(today)
	p.wantText(".done", "Done: the stop-work is lifted.")
	p.wantText(card+" .verdict.go", "GO")
	board = dayBoard(t, ts)
	if len(board.StopWorks) != 0 || !board.SetUps[0].Verdict.Go {
		t.Fatalf("after the lift, the API says %+v", board)
	}

	// And the set-up starts.
	tapTo(p, "#start-"+setup, http.StatusOK)
	p.wantText(card, "Started at")
	p.screenshot("started")
	if dayBoard(t, ts).SetUps[0].StartedAt.IsZero() {
		t.Error("the API says the set-up has not started")
	}
}

func TestBrowserTodayInSpanishAndHighContrast(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const today = "/productions/red-mesa/today"
	for _, c := range []struct{ actor, path, body string }{
		{"first_ad", "/setups", `{"scene":"31","name":"Bell tower fall","hazards":["heights","stunts"]}`},
		{"cast", "/stop-works", `{"scope":"hazard","hazard":"heights","reason":"The harness is frayed"}`},
	} {
		if status, body := ts.call(t, c.actor, "POST", "/api/v1/productions/red-mesa"+c.path, c.body); status != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", c.path, status, body)
		}
	}
	p := newPhone(t, ts.URL)
	signInAs(p, "first_ad", today)
	p.pickLanguage("es")
	p.wantPageLanguage("es")
	p.wantText("main h1", "Hoy")
	p.wantText(".stop-banner", "EL TRABAJO ESTÁ PARADO")
	p.wantText(".stop-banner", "Riesgo: trabajo en altura, en todos los planos")
	p.wantText(".setup .verdict.nogo", "La reunión de seguridad de hoy no ha tratado trabajo en altura (boletín SB22) para Bell tower fall (HZ-1)")
	p.wantText(".setup .verdict.nogo", "Bell tower fall tiene escenas de riesgo pero no hay ningún sanitario registrado en el set (MD-1)")
	p.wantText(".setup .verdict.nogo", "paró el trabajo (The harness is frayed)")
	p.wantText("a.stop-work", "Parar el trabajo")
	p.screenshot("today in Spanish")
	p.wantAccessible("today in Spanish")
	p.wantFits()
	p.switchTheme("contrast")
	p.screenshot("today in high contrast")
	p.wantAccessible("today in Spanish, high contrast")
	for _, pg := range []struct{ name, path string }{{"meeting", today + "/meeting"}, {"stop work", today + "/stop-work"}} {
		p.open(pg.path)
		p.wantPageLanguage("es")
		p.screenshot(pg.name + " in high contrast")
		p.wantAccessible(pg.name + " in Spanish, high contrast")
		p.wantFits()
	}
	p.wantText("main", "Qué se para")
}

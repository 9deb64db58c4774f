package http_test

import (
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/escalation"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/storagetest"
)

// dashboardWorld is what red-mesa's dashboard counts once
// fillDashboardWorld has run, worked out by hand.
type dashboardWorld struct {
	// Pattern is the pattern on the seeded revolver: a misfire and two
	// near misses with it.
	Pattern string
	// Refusals is how many rules refused the 1st AD's start.
	Refusals int
	// Rule is the first of them.
	Rule string
}

// fillDashboardWorld records in red-mesa a concern of each severity, the
// critical one acknowledged 12 minutes after it was raised; a misfire and
// two near misses with the seeded revolver, which make setsafe's clock
// raise a pattern (WS-6); a set-up start the gate refuses; a stop-work;
// and a corrective action due today, then moves the clock 36 hours on so
// that it is overdue.
func fillDashboardWorld(t *testing.T, ts *testServer) dashboardWorld {
	t.Helper()
	call := ts.caller(t)
	const prod = "/api/v1/productions/red-mesa"
	var w dashboardWorld
	firearm := ts.ids["firearm"]
	clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
	call("crew", "POST", prod+"/firearms/"+firearm+"/discharges", `{"kind":"misfire","description":"Hammer fell, no report"}`, http.StatusCreated)
	var nearMiss string
	for range 2 {
		ts.env.Clock.Advance(time.Hour)
		nearMiss = decode[sshttp.RecordedResult](t, call("cast", "POST", prod+"/incidents", `{"kind":"near_miss","firearms":["`+firearm+`"]}`, http.StatusCreated)).ID
	}
	if n, err := clock.Tick(t.Context()); err != nil || n == 0 {
		t.Fatalf("the clock raised no pattern: %d %v", n, err)
	}
	for _, p := range decode[sshttp.PatternsView](t, call("safety_coordinator", "GET", prod+"/patterns", "", http.StatusOK)).Patterns {
		if p.Scope == "firearm" && p.About == firearm {
			w.Pattern = p.ID
		}
	}
	if w.Pattern == "" {
		t.Fatal("no pattern on the revolver")
	}

	critical := decode[sshttp.RecordedResult](t, call("crew", "POST", prod+"/concerns",
		`{"category":"other","severity":"critical","description":"Cable across the fire door","mode":"named"}`, http.StatusCreated)).ID
	call("crew", "POST", prod+"/concerns", `{"category":"other","severity":"high","description":"Loose handrail on the stairs","mode":"named"}`, http.StatusCreated)
	call("crew", "POST", prod+"/concerns", `{"category":"other","severity":"normal","description":"No soap in the trailer","mode":"named"}`, http.StatusCreated)
	ts.env.Clock.Advance(12 * time.Minute)
	call("safety_coordinator", "POST", prod+"/concerns/"+critical+"/move", `{"state":"acknowledged"}`, http.StatusOK)

	setUp := decode[sshttp.RecordedResult](t, call("first_ad", "POST", prod+"/setups", `{"scene":"42","name":"Scene 42: the church","hazards":["firearms"]}`, http.StatusCreated)).ID
	refusal := errorOf(t, call("first_ad", "POST", prod+"/setups/"+setUp+"/start", "", http.StatusConflict))
	seen := map[string]bool{}
	for _, r := range refusal.Rules {
		if !seen[r.ID] {
			seen[r.ID] = true
			w.Refusals++
		}
	}
	if w.Refusals == 0 {
		t.Fatalf("the start was refused by no rule: %+v", refusal)
	}
	w.Rule = refusal.Rules[0].ID
	call("crew", "POST", prod+"/stop-works", `{"scope":"hazard","hazard":"heights","reason":"The harness is frayed"}`, http.StatusCreated)
	today := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format(time.DateOnly)
	call("safety_coordinator", "POST", prod+"/incidents/"+nearMiss+"/actions", `{"what":"Check the revolver's hammer spring","owner":"`+ts.ids["armorer"]+`","due":"`+today+`"}`, http.StatusCreated)
	ts.env.Clock.Advance(36 * time.Hour)
	return w
}

// figure reads a figure of the dashboard by its ID: the number it shows.
func figure(t *testing.T, body, id string) int {
	t.Helper()
	m := regexp.MustCompile(`id="figure-` + id + `"[^>]*>.*?<dd>(\d+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the dashboard shows no figure %q", id)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// totalOf adds up counts.
func totalOf(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestDashboardPages: the production's dashboard shows those who read
// every incident the counts dashboard.ForProduction makes of the ledger,
// which are the counts worked out by hand, as figures, charts and tables;
// the patterns in force with the forms each may send; the surge view and
// the daily reports to whom the production's home and the API show them.
func TestDashboardPages(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			w := fillDashboardWorld(t, ts)
			const dash = "/productions/red-mesa/dashboard"

			// Who sees it: those who read every incident.
			for _, actor := range actors() {
				status, _ := page(t, ts, actor, dash)
				switch {
				case actor == "":
					if status != http.StatusSeeOther {
						t.Errorf("signed out: %d, want the way to sign in", status)
					}
				case incidentReaders.has(actor) != (status == http.StatusOK):
					t.Errorf("the dashboard as %s: %d; want it shown: %v", actor, status, incidentReaders.has(actor))
				case status != http.StatusOK && status != http.StatusForbidden && status != http.StatusNotFound:
					t.Errorf("the dashboard as %s: %d", actor, status)
				}
			}

			// The numbers: those ForProduction counts from the same state,
			// and those worked out by hand.
			st, err := ts.env.DB.LedgerState(t.Context(), "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			want := dashboard.ForProduction(st, 7, ts.env.Clock.Now())
			status, body := page(t, ts, "safety_coordinator", dash+"?days=7")
			if status != http.StatusOK {
				t.Fatalf("the dashboard: %d\n%s", status, body)
			}
			for _, f := range []struct {
				id          string
				got, counts int
				byHand      int
			}{
				{"concerns", figure(t, body, "concerns"), totalOf(want.Concerns), 3},
				{"unacknowledged", figure(t, body, "unacknowledged"), want.Unacknowledged, 2},
				{"incidents", figure(t, body, "incidents"), totalOf(want.Incidents), 3},
				{"refusals", figure(t, body, "refusals"), totalOf(want.Refusals), w.Refusals},
				{"alerts", figure(t, body, "alerts"), totalOf(want.Alerts), 0},
				{"stop-works", figure(t, body, "stop-works"), want.StopWorks, 1},
				{"open-actions", figure(t, body, "open-actions"), want.OpenActions, 1},
				{"overdue-actions", figure(t, body, "overdue-actions"), want.OverdueActions, 1},
			} {
				if f.got != f.counts || f.got != f.byHand {
					t.Errorf("figure %s: the page shows %d, ForProduction counts %d, by hand %d", f.id, f.got, f.counts, f.byHand)
				}
			}
			if got := figure(t, body, "patterns"); got != want.Patterns || got < 1 {
				t.Errorf("patterns in force: the page shows %d, ForProduction counts %d", got, want.Patterns)
			}
			// The charts and their tables: concerns of the day they were
			// raised, a row per day of the span; the wait of the critical
			// one; the refusing rule with its title; the kinds of incident.
			raised := ts.env.Clock.Now().Add(-36*time.Hour - 12*time.Minute).In(mustLoad(t, "America/Denver")).Format(time.DateOnly)
			if n := strings.Count(body, `<svg class="chart-svg"`); n != 5 {
				t.Errorf("the dashboard draws %d charts, want 5", n)
			}
			if n := strings.Count(body, `role="img" aria-label=`); n != 5 {
				t.Errorf("%d charts are named images, want 5", n)
			}
			if n := strings.Count(regexp.MustCompile(`(?s)<figure class="chart" id="concerns">.*?</figure>`).FindString(body), `<tr><th scope="row">20`); n != 7 {
				t.Errorf("the concerns' table has %d days, want 7", n)
			}
			for _, s := range []string{
				`<tr><th scope="row">` + raised + `</th><td>1</td><td>1</td><td>1</td><td>3</td></tr>`,
				`<tr><th scope="row">Critical</th><td>12</td><td>1</td></tr>`,
				`<tr><th scope="row">Near miss</th><td>2</td></tr>`,
				`<th scope="row">` + w.Rule + ` <span class="meta">`,
				`aria-label="Concerns raised each day, by severity"`,
				`href="/api/v1/productions/red-mesa/incidents/export.csv"`,
				`href="/api/v1/productions/red-mesa/corrective-actions/export.csv"`,
				`href="/api/v1/productions/red-mesa/dashboard?days=7"`,
				`href="/productions/red-mesa/dashboard?days=7" aria-current="page"`,
				`id="surge"`, `href="/productions/red-mesa#surge"`,
				`id="safety-reports"`, `id="pattern-` + w.Pattern + `"`,
				"Firearm: Colt Single Action Army (SN 4417)", "3 incidents in 14 days", "It stops this work until its review is signed off (WS-6).",
				`id="ack-` + w.Pattern + `"`, `id="review-` + w.Pattern + `-safety_coordinator-form"`,
			} {
				if !strings.Contains(body, s) {
					t.Errorf("the dashboard as the safety coordinator does not show %q", s)
				}
			}
			if strings.Contains(body, `id="review-`+w.Pattern+`-producer-form"`) {
				t.Error("the safety coordinator is offered the producer's sign-off")
			}
			// Its incidents are linked: the misfire and the two near misses.
			card := regexp.MustCompile(`(?s)<div class="pattern-facts" id="pattern-` + w.Pattern + `">.*?</div>`).FindString(body)
			if n := strings.Count(card, `href="/productions/red-mesa/incidents/`); n != 3 {
				t.Errorf("the pattern links to %d incidents, want 3:\n%s", n, card)
			}

			tests := []struct {
				who, path string
				want      int
				has, not  []string
			}{
				{"producer", dash, http.StatusOK, []string{`id="review-` + w.Pattern + `-producer-form"`, `id="safety-reports"`, `aria-current="page">30 days`},
					[]string{`id="review-` + w.Pattern + `-safety_coordinator-form"`}},
				{"first_ad", dash, http.StatusOK, []string{`id="pattern-` + w.Pattern + `"`},
					[]string{`id="ack-`, `-form"`, `id="safety-reports"`, `id="surge"`}},
				{"investigator", dash, http.StatusOK, []string{`id="safety-reports"`}, []string{`id="ack-`, `id="surge"`}},
				{"safety_coordinator", dash + "?days=0", http.StatusUnprocessableEntity, []string{"Choose 7, 30 or 90 days.", `aria-current="page">30 days`}, nil},
				{"safety_coordinator", dash + "?days=90", http.StatusOK, []string{`aria-current="page">90 days`, "The last 90 days"}, nil},
				{"safety_coordinator", "/productions/red-mesa/incidents", http.StatusOK, []string{`id="patterns"`, `id="ack-` + w.Pattern + `"`,
					`value="/productions/red-mesa/incidents"`, `href="/productions/red-mesa/dashboard"`}, nil},
				{"crew", "/productions/red-mesa/incidents", http.StatusOK, nil, []string{`id="patterns"`}},
				{"safety_coordinator", "/productions/red-mesa", http.StatusOK, []string{`href="/productions/red-mesa/dashboard"`}, nil},
				{"crew", "/productions/red-mesa", http.StatusOK, nil, []string{`href="/productions/red-mesa/dashboard"`}},
				{"producer", "/productions/red-mesa/today", http.StatusOK, []string{`id="safety-reports"`,
					`href="/api/v1/productions/red-mesa/days/` + ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format(time.DateOnly) + `/safety-report.pdf"`}, nil},
				{"first_ad", "/productions/red-mesa/today", http.StatusOK, nil, []string{`id="safety-reports"`}},
				{"first_ad", "/productions/red-mesa/patterns", http.StatusOK, []string{"No pattern has been reviewed yet."}, []string{`id="ack-`}},
				{"crew", "/productions/red-mesa/patterns", http.StatusForbidden, nil, nil},
			}
			for _, tt := range tests {
				status, body := page(t, ts, tt.who, tt.path)
				if status != tt.want {
					t.Errorf("%s as %s: %d, want %d", tt.path, tt.who, status, tt.want)
					continue
				}
				for _, s := range tt.has {
					if !strings.Contains(body, s) {
						t.Errorf("%s as %s does not show %q", tt.path, tt.who, s)
					}
				}
				for _, s := range tt.not {
					if strings.Contains(body, s) {
						t.Errorf("%s as %s shows %q", tt.path, tt.who, s)
					}
				}
			}
		})
	}
}

// TestSafetyReportLinks: the daily reports linked are today's and the 7
// days before it, none from before the production was set up.
func TestSafetyReportLinks(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	denver := mustLoad(t, "America/Denver")
	reports := regexp.MustCompile(`/days/(\d{4}-\d{2}-\d{2})/safety-report\.pdf`)
	days := func() []string {
		_, body := page(t, ts, "producer", "/productions/red-mesa/today")
		var out []string
		for _, m := range reports.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	setUp := ts.env.Clock.Now().In(denver)
	if got := days(); len(got) != 1 || got[0] != setUp.Format(time.DateOnly) {
		t.Errorf("on the day the production was set up: %v, want that day only", got)
	}
	ts.env.Clock.Advance(10 * 24 * time.Hour)
	got := days()
	var want []string
	for i := range 8 {
		want = append(want, ts.env.Clock.Now().In(denver).AddDate(0, 0, -i).Format(time.DateOnly))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ten days on: %v, want %v", got, want)
	}
}

// TestPatternForms: the safety coordinator takes charge of a pattern from
// the dashboard and is led back to it; a form without its words comes
// back on the patterns' page with the problem; the two sign-offs review
// it, and the patterns' page lists it as reviewed.
func TestPatternForms(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	w := fillDashboardWorld(t, ts)
	const prod = "/productions/red-mesa"
	one := prod + "/patterns/" + w.Pattern
	patternOf := func() sshttp.PatternView {
		for _, p := range decode[sshttp.PatternsView](t, ts.caller(t)("producer", "GET", "/api/v1"+prod+"/patterns", "", http.StatusOK)).Patterns {
			if p.ID == w.Pattern {
				return p
			}
		}
		t.Fatal("the pattern is gone")
		return sshttp.PatternView{}
	}

	status, _, body := postForm(t, ts, "safety_coordinator", one+"/acknowledge", url.Values{"back": {prod + "/dashboard?days=7"}, "reason": {"  "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="problem"`) || !strings.Contains(body, `id="ack-reason-`+w.Pattern+`" name="reason" rows="2" required aria-invalid="true"`) {
		t.Fatalf("taking charge without saying what is done: %d\n%s", status, body)
	}
	status, location, body := postForm(t, ts, "safety_coordinator", one+"/acknowledge", url.Values{"back": {prod + "/dashboard?days=7"}, "reason": {"Revolver back to PDQ for inspection"}})
	if status != http.StatusSeeOther || location != prod+"/dashboard?days=7&pattern=acknowledged#pattern-"+w.Pattern {
		t.Fatalf("taking charge: %d %s\n%s", status, location, body)
	}
	if p := patternOf(); p.State != incident.PatternStateAcknowledged || p.AcknowledgedBy != ts.ids["safety_coordinator"] || p.Acknowledgement != "Revolver back to PDQ for inspection" {
		t.Fatalf("after taking charge: %+v", p)
	}
	_, body = page(t, ts, "safety_coordinator", location)
	for _, s := range []string{"Done: you took charge of the pattern", "taken charge of by The Safety coordinator", "What is being done: Revolver back to PDQ for inspection"} {
		if !strings.Contains(body, s) {
			t.Errorf("back on the dashboard: no %q", s)
		}
	}
	if strings.Contains(body, `id="ack-`+w.Pattern+`"`) {
		t.Error("the dashboard still offers to take charge")
	}

	// Each sign-off leads back where its form was sent from, if that is
	// one of the production's pages that show patterns, else to the
	// patterns' page (see also TestPatternBack).
	for _, f := range []struct{ who, capacity, back, want string }{
		{"safety_coordinator", incident.CapacitySafety, prod + "/incidents", prod + "/incidents?pattern=signed#pattern-" + w.Pattern},
		{"producer", incident.CapacityProducer, "https://elsewhere.example/", prod + "/patterns?pattern=signed#pattern-" + w.Pattern},
	} {
		status, location, body := postForm(t, ts, f.who, one+"/sign-off", url.Values{"back": {f.back}, "capacity": {f.capacity}, "note": {"Checked by " + f.who}})
		if status != http.StatusSeeOther || location != f.want {
			t.Errorf("sign-off from %s: %d %s, want %s\n%s", f.back, status, location, f.want, body)
		}
	}
	if p := patternOf(); p.State != incident.PatternStateReviewed || p.SafetySignedBy != ts.ids["safety_coordinator"] || p.ProducerSignedBy != ts.ids["producer"] {
		t.Fatalf("after both sign-offs: %+v", p)
	}
	_, body = page(t, ts, "first_ad", prod+"/patterns")
	if !strings.Contains(body, `id="pattern-`+w.Pattern+`"`) || !strings.Contains(body, "Its review is signed off") || !strings.Contains(body, "signed by The Producer") {
		t.Errorf("the patterns' page does not list the reviewed pattern:\n%s", body)
	}
}

// TestPatternFormsOfferWhatTheServerAllows checks, as every actor who
// sees the dashboard, that it offers a pattern's forms exactly when the
// server takes their command from that actor: the API answers it, sent
// with the words left out, 400 to whom it authorizes and 403 to others.
func TestPatternFormsOfferWhatTheServerAllows(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	w := fillDashboardWorld(t, ts)
	api := "/api/v1/productions/red-mesa/patterns/" + w.Pattern
	tests := []struct{ name, offer, path, body string }{
		{"take charge", `id="ack-` + w.Pattern + `"`, api + "/acknowledge", `{"reason":""}`},
		{"sign off as the safety coordinator", `id="review-` + w.Pattern + `-safety_coordinator-form"`, api + "/sign-off", `{"capacity":"safety_coordinator","note":""}`},
		{"sign off as producer", `id="review-` + w.Pattern + `-producer-form"`, api + "/sign-off", `{"capacity":"producer","note":""}`},
	}
	seen := map[string]map[bool]int{}
	for _, actor := range actors() {
		status, body := page(t, ts, actor, "/productions/red-mesa/dashboard")
		if status != http.StatusOK {
			continue
		}
		for _, tt := range tests {
			offered := strings.Contains(body, tt.offer)
			got, answer := ts.call(t, actor, "POST", tt.path, tt.body)
			if got != http.StatusBadRequest && got != http.StatusForbidden {
				t.Fatalf("%s as %s: %d %s, want 400 or 403", tt.name, actor, got, answer)
			}
			if allowed := got == http.StatusBadRequest; offered != allowed {
				t.Errorf("%s as %s: the dashboard offers it: %v; the server takes it: %v", tt.name, actor, offered, allowed)
			}
			if seen[tt.name] == nil {
				seen[tt.name] = map[bool]int{}
			}
			seen[tt.name][got == http.StatusBadRequest]++
		}
	}
	for _, tt := range tests {
		if seen[tt.name][true] == 0 || seen[tt.name][false] == 0 {
			t.Errorf("%s: %d actors may and %d may not: the check shows nothing", tt.name, seen[tt.name][true], seen[tt.name][false])
		}
	}
}

// studioRow reads the numbers of a row of the studio's table, by its
// production ("all" for the sum).
func studioRow(t *testing.T, body, production string) []int {
	t.Helper()
	row := regexp.MustCompile(`(?s)<tr data-production="` + production + `">.*?</tr>`).FindString(body)
	if row == "" {
		t.Fatalf("the studio's table has no row of %s", production)
	}
	var out []int
	for _, m := range regexp.MustCompile(`(?s)<td[^>]*>(?:<svg.*?</svg>)?\s*(\d+)</td>`).FindAllStringSubmatch(row, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

// TestStudioPages: a site administrator grants an account the studio's
// view with the form, which comes back with what is wrong; the account
// finds it from its home and reads each production's counts as
// dashboard.ForStudio makes them, and nothing of a person or a concern;
// the view taken away, the page is closed; on both databases.
func TestStudioPages(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			fillDashboardWorld(t, ts)
			outsider := ts.ids["account:outsider"]

			if status, _ := page(t, ts, "outsider", "/studio"); status != http.StatusForbidden {
				t.Errorf("the studio's view before any grant: %d", status)
			}
			if _, body := page(t, ts, "outsider", "/"); strings.Contains(body, `id="studio-link"`) || strings.Contains(body, `id="studio-access-link"`) {
				t.Error("the home offers the studio's view before any grant")
			}
			for _, actor := range actors() {
				status, _ := page(t, ts, actor, "/studio/access")
				if want := actor == "site_admin"; want != (status == http.StatusOK) || actor == "" && status != http.StatusSeeOther {
					t.Errorf("the grants' page as %q: %d", actor, status)
				}
			}
			_, body := page(t, ts, "site_admin", "/")
			if !strings.Contains(body, `id="studio-access-link"`) {
				t.Error("the site administrator's home has no way to the grants")
			}
			_, body = page(t, ts, "site_admin", "/studio/access")
			for _, s := range []string{`id="grant-form"`, `value="` + outsider + `"`, `name="productions" value="red-mesa"`, `name="productions" value="*"`,
				`name="capacity" value="insurer"`, `name="capacity" value="studio_safety"`, "No account has a studio view."} {
				if !strings.Contains(body, s) {
					t.Errorf("the grants' page does not show %q", s)
				}
			}

			// A grant without a production comes back with the account chosen.
			status, _, body := postForm(t, ts, "site_admin", "/studio/access", url.Values{"account": {outsider}, "capacity": {"insurer"}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="problem"`) || !strings.Contains(body, `value="`+outsider+`" selected`) {
				t.Fatalf("a grant of no production: %d\n%s", status, body)
			}
			if status, _, body := postForm(t, ts, "site_admin", "/studio/access", url.Values{"capacity": {"insurer"}, "productions": {"red-mesa"}}); status != http.StatusUnprocessableEntity ||
				!strings.Contains(body, "Choose the account that is to see across productions.") {
				t.Fatalf("a grant to nobody: %d\n%s", status, body)
			}
			if status, _, _ := postForm(t, ts, "producer", "/studio/access", url.Values{"account": {outsider}, "capacity": {"insurer"}, "productions": {"red-mesa"}}); status != http.StatusForbidden {
				t.Fatalf("a grant by a producer: %d", status)
			}
			status, location, body := postForm(t, ts, "site_admin", "/studio/access", url.Values{"account": {outsider}, "capacity": {"insurer"}, "productions": {"red-mesa"}})
			if status != http.StatusSeeOther || location != "/studio/access?done=granted" {
				t.Fatalf("the grant: %d %s\n%s", status, location, body)
			}
			v := decode[sshttp.StudioAccessView](t, ts.caller(t)("site_admin", "GET", "/api/v1/accounts/"+outsider+"/studio-access", "", http.StatusOK))
			if v.Capacity != setsafe.StudioInsurer || strings.Join(v.Productions, " ") != "red-mesa" {
				t.Fatalf("the grant recorded: %+v", v)
			}
			_, body = page(t, ts, "site_admin", location)
			if !strings.Contains(body, "Done: the account sees the counts") || !strings.Contains(body, `id="grant-`+outsider+`"`) || !strings.Contains(body, "As: Insurer") {
				t.Errorf("the grants after granting:\n%s", body)
			}

			// The account's home leads to the view; its numbers are
			// ForStudio's, and the production's own.
			if _, body := page(t, ts, "outsider", "/"); !strings.Contains(body, `href="/studio" id="studio-link"`) {
				t.Error("the home of an account with a studio view does not lead to it")
			}
			now := ts.env.Clock.Now()
			want, err := dashboard.ForStudio(t.Context(), ts.env.DB, []string{"red-mesa"}, 30, now)
			if err != nil {
				t.Fatal(err)
			}
			st, err := ts.env.DB.LedgerState(t.Context(), "red-mesa")
			if err != nil {
				t.Fatal(err)
			}
			alone := dashboard.ForProduction(st, 30, now)
			status, body = page(t, ts, "outsider", "/studio")
			if status != http.StatusOK {
				t.Fatalf("the studio's view: %d\n%s", status, body)
			}
			p := want.Productions[0]
			expect := []int{totalOf(p.Concerns), p.Concerns[setsafe.SeverityCritical], p.Unacknowledged, totalOf(p.Incidents), totalOf(p.Refusals), totalOf(p.Alerts),
				p.StopWorks, p.OpenActions, p.OverdueActions, p.Patterns}
			byHand := []int{3, 1, 2, 3, totalOf(alone.Refusals), 0, 1, 1, 1, alone.Patterns}
			for _, row := range []string{"red-mesa", "all"} {
				if got := fmt.Sprint(studioRow(t, body, row)); got != fmt.Sprint(expect) || got != fmt.Sprint(byHand) {
					t.Errorf("the row of %s: %s; ForStudio counts %v, by hand %v", row, got, expect, byHand)
				}
			}
			for _, s := range []string{"Red Mesa", "You see as: Insurer.", `href="/api/v1/studio/export.csv?days=30" download`, `id="studio-concerns"`, `<svg class="spark"`} {
				if !strings.Contains(body, s) {
					t.Errorf("the studio's view does not show %q", s)
				}
			}
			for _, s := range []string{"The Crew", "Cable across the fire door", "Hammer fell"} {
				if strings.Contains(html.UnescapeString(body), s) {
					t.Errorf("the studio's view shows %q: counts only", s)
				}
			}
			if status, body := page(t, ts, "outsider", "/studio?days=7"); status != http.StatusOK || !strings.Contains(body, `href="/studio?days=7" aria-current="page"`) {
				t.Errorf("seven days: %d", status)
			}

			// Taken away with the reason; without one, the form comes back.
			revoke := "/studio/access/" + outsider + "/revoke"
			if status, _, body := postForm(t, ts, "site_admin", revoke, url.Values{"reason": {""}}); status != http.StatusUnprocessableEntity ||
				!strings.Contains(body, `id="revoke-`+outsider+`-reason" name="reason" rows="2" required aria-invalid="true"`) {
				t.Fatalf("taken away without a reason: %d\n%s", status, body)
			}
			if status, location, _ := postForm(t, ts, "site_admin", revoke, url.Values{"reason": {"The policy ended"}}); status != http.StatusSeeOther || location != "/studio/access?done=revoked" {
				t.Fatalf("taken away: %d %s", status, location)
			}
			if status, _ := page(t, ts, "outsider", "/studio"); status != http.StatusForbidden {
				t.Errorf("the studio's view once taken away: %d", status)
			}
		})
	}
}

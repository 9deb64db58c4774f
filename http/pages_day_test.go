package http_test

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// dayClient is a browser without script, signed in as one of the seeded
// accounts, that does not follow redirects.
type dayClient struct {
	t  *testing.T
	ts *testServer
	c  *http.Client
}

func signedInClient(t *testing.T, ts *testServer, name string) *dayClient {
	t.Helper()
	c := browser(t, ts)
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"email": {name + "@example.com"}, "password": {"password-of-" + name}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", name, resp.StatusCode)
	}
	return &dayClient{t, ts, c}
}

// do sends a request and returns the status, the page and where it
// redirects to.
func (d *dayClient) do(method, path string, form url.Values, header ...string) (int, string, string) {
	d.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, d.ts.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := d.c.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// want sends a form and fails the test unless the answer has the status
// and the page says each of says.
func (d *dayClient) want(method, path string, form url.Values, status int, says ...string) string {
	d.t.Helper()
	got, page, _ := d.do(method, path, form)
	if got != status {
		d.t.Fatalf("%s %s: status %d, want %d; page: %.600s", method, path, got, status, page)
	}
	for _, s := range says {
		if !strings.Contains(page, s) {
			d.t.Errorf("%s %s (%d) does not say %q", method, path, got, s)
		}
	}
	return page
}

// dayBoard reads the day's board through the API.
func dayBoard(t *testing.T, ts *testServer) sshttp.DayView {
	t.Helper()
	status, body := ts.call(t, "producer", "GET", "/api/v1/productions/red-mesa/today", "")
	if status != http.StatusOK {
		t.Fatalf("today: %d %s", status, body)
	}
	return decode[sshttp.DayView](t, body)
}

func TestDayPagesRefuseWhatARoleMayNotDo(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { dayPagesRefuse(t, b) })
	}
}

func dayPagesRefuse(t *testing.T, b storagetest.Backend) {
	ts := newTestServer(t, b, "")
	ts.seed(t)
	const today = "/productions/red-mesa/today"

	// Signed out: to the sign-in page; with no role here: not allowed.
	status, _, loc := browserOf(t, ts).do("GET", today, nil)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
		t.Errorf("signed out: %d to %q", status, loc)
	}
	status, _, _ = browserOf(t, ts).do("GET", today+"/board", nil, "HX-Request", "true")
	if status != http.StatusNoContent {
		t.Errorf("signed-out board part: status %d, want 204 with HX-Redirect", status)
	}
	signedInClient(t, ts, "outsider").want("GET", today, nil, http.StatusForbidden, "Not allowed")

	crew := signedInClient(t, ts, "crew")
	page := crew.want("GET", today, nil, http.StatusOK, "Stop work", "No set-ups planned for today.")
	if strings.Contains(page, `action="`+today+`/setups"`) {
		t.Error("the crew's Today screen offers to plan a set-up")
	}
	crew.want("POST", today+"/setups", url.Values{"scene": {"14"}, "name": {"Church"}, "hazards": {"firearms"}}, http.StatusForbidden, "Not allowed")
	if n := len(dayBoard(t, ts).SetUps); n != 0 {
		t.Fatalf("the crew planned %d set-ups through the page", n)
	}

	// Anyone may stop work; the crew cannot lift it.
	status, _, loc = crew.do("POST", today+"/stop-work", url.Values{"scope": {"production"}, "reason": {"A cable across the fire exit"}})
	if status != http.StatusSeeOther || loc != today+"?done=stopped" {
		t.Fatalf("crew stops work: %d to %q", status, loc)
	}
	board := dayBoard(t, ts)
	if len(board.StopWorks) != 1 || board.StopWorks[0].CalledBy != ts.ids["crew"] {
		t.Fatalf("stop-works in force: %+v", board.StopWorks)
	}
	id := board.StopWorks[0].ID
	crew.want("GET", today, nil, http.StatusOK, "WORK IS STOPPED", "A cable across the fire exit", "The Crew")
	crew.want("POST", today+"/stop-works/"+id+"/lift", url.Values{"resolution": {"Cable moved"}}, http.StatusForbidden,
		"Only the safety coordinator or a producer can lift a stop-work.")
	signedInClient(t, ts, "first_ad").want("POST", today+"/stop-works/"+id+"/lift", url.Values{"resolution": {"Cable moved"}}, http.StatusForbidden)
	if n := len(dayBoard(t, ts).StopWorks); n != 1 {
		t.Fatalf("after refused lifts, %d stop-works in force, want 1", n)
	}

	// Holding the meeting and taking others' attendance need someone who
	// runs meetings; anyone confirms their own.
	crew.want("POST", today+"/meeting", url.Values{"topic": {"Who is in charge of each set-up today"}}, http.StatusForbidden)
	meeting := setsafe.NewID()
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.HoldMeeting{ID: meeting, Topics: []string{"Fire exits"}, By: ts.ids["first_ad"]}))
	crew.want("GET", today+"/meeting/"+meeting+"/attend?person="+ts.ids["cast"], nil, http.StatusForbidden)
	crew.want("POST", today+"/meeting/"+meeting+"/attend", url.Values{"person": {ts.ids["cast"]}, "pin": {"1234"}}, http.StatusForbidden)
	crew.want("POST", today+"/meeting/"+meeting+"/attend", url.Values{"person": {ts.ids["cast"]}}, http.StatusForbidden)
	page = crew.want("GET", today+"/meeting", nil, http.StatusOK, "The Crew: confirm my own attendance")
	if strings.Contains(page, "Confirm with PIN") {
		t.Error("the crew is offered to take others' attendance")
	}
	if status, _, _ := crew.do("POST", today+"/meeting/"+meeting+"/attend", url.Values{"person": {ts.ids["crew"]}}); status != http.StatusSeeOther {
		t.Fatalf("the crew confirms their own attendance: status %d", status)
	}
	st, err := ts.env.DB.LedgerState(t.Context(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Attendances(); len(got) != 1 || got[0].PersonID != ts.ids["crew"] || got[0].ConfirmedBy != "session" {
		t.Errorf("attendances: %+v", got)
	}
}

// browserOf is a browser without script that has not signed in.
func browserOf(t *testing.T, ts *testServer) *dayClient { return &dayClient{t, ts, browser(t, ts)} }

func TestDayFormsComeBackWithTheirProblems(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { dayFormsComeBack(t, b) })
	}
}

func dayFormsComeBack(t *testing.T, b storagetest.Backend) {
	ts := newTestServer(t, b, "")
	ts.seed(t)
	const today = "/productions/red-mesa/today"
	ad := signedInClient(t, ts, "first_ad")

	// A set-up without a name, with a hazard nobody knows: 422, the fields
	// named, what was typed kept.
	page := ad.want("POST", today+"/setups", url.Values{"scene": {"14B"}, "name": {" "}, "hazards": {"firearms", "dragons"}}, http.StatusUnprocessableEntity,
		`id="problem"`, "name: is required", "hazards: must be among", `value="14B"`, `aria-invalid="true"`)
	if !strings.Contains(page, `value="firearms" checked`) {
		t.Error("the ticked hazard is not ticked again")
	}
	// A set-up toward people without firearms.
	ad.want("POST", today+"/setups", url.Values{"scene": {"3"}, "name": {"Bell tower fall"}, "hazards": {"heights"}, "toward_people": {"yes"}},
		http.StatusUnprocessableEntity, "toward_people: applies to a set-up with firearms", "Bell tower fall")
	if n := len(dayBoard(t, ts).SetUps); n != 0 {
		t.Fatalf("refused forms planned %d set-ups", n)
	}

	// A meeting that covered nothing.
	ad.want("POST", today+"/meeting", url.Values{"other": {"  "}}, http.StatusUnprocessableEntity, "Tick at least one topic covered.")
	ad.want("POST", today+"/meeting", url.Values{"hazard": {"dragons"}, "other": {"Dragons"}}, http.StatusUnprocessableEntity, "hazards: must be among", `value="Dragons"`)
	ad.want("POST", today+"/meeting", url.Values{"covered_topics": {"firearms.guesswork"}, "other": {"Guesswork"}}, http.StatusUnprocessableEntity,
		"covered_topics: must be topics of the hazards&#39; bulletins", `value="Guesswork"`)

	// A stop-work on one set-up that names none, and one with no reason.
	ad.want("POST", today+"/stop-work", url.Values{"scope": {"setup"}, "reason": {"Wobbly rig"}}, http.StatusUnprocessableEntity,
		"setup_id: must name a set-up", "Wobbly rig", `value="setup" checked`)
	ad.want("POST", today+"/stop-work", url.Values{"scope": {"production"}, "reason": {""}}, http.StatusUnprocessableEntity, "reason: is required")
	if n := len(dayBoard(t, ts).StopWorks); n != 0 {
		t.Fatalf("refused forms called %d stop-works", n)
	}

	// A lift without a resolution keeps the stop-work in force.
	status, _, _ := ad.do("POST", today+"/stop-work", url.Values{"scope": {"hazard"}, "hazard": {"firearms"}, "reason": {"Dummy rattles wrong"}})
	if status != http.StatusSeeOther {
		t.Fatalf("stop work: %d", status)
	}
	id := dayBoard(t, ts).StopWorks[0].ID
	signedInClient(t, ts, "safety_coordinator").want("POST", today+"/stop-works/"+id+"/lift", url.Values{"resolution": {""}},
		http.StatusUnprocessableEntity, "resolution: is required", `id="lift-`+id)
	if n := len(dayBoard(t, ts).StopWorks); n != 1 {
		t.Fatalf("after a lift without resolution, %d stop-works in force", n)
	}

	// The board alone is for htmx; a browser asking for it gets the screen.
	if status, _, loc := ad.do("GET", today+"/board", nil); status != http.StatusSeeOther || loc != today {
		t.Errorf("board without htmx: %d to %q", status, loc)
	}
	status, part, _ := ad.do("GET", today+"/board", nil, "HX-Request", "true")
	if status != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(part), `<section id="board"`) || strings.Contains(part, "<html") ||
		!strings.Contains(part, "Dummy rattles wrong") || !strings.Contains(part, `hx-trigger="every 10s"`) {
		t.Errorf("board part: %d %.400s", status, part)
	}

	// The attendance pad needs a meeting and a person of the production.
	ad.want("GET", today+"/meeting/nope/attend?person="+ts.ids["cast"], nil, http.StatusNotFound)
	meeting := setsafe.NewID()
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.HoldMeeting{ID: meeting, Topics: []string{"Fire exits"}, By: ts.ids["first_ad"]}))
	ad.want("GET", today+"/meeting/"+meeting+"/attend?person=nobody", nil, http.StatusNotFound)
	ad.want("POST", today+"/meeting/"+meeting+"/attend", url.Values{"person": {ts.ids["cast"]}, "pin": {"12a4"}}, http.StatusUnprocessableEntity, "Type the PIN")
}

// TestStopWorkWithAPINOnTheSharedDevice: on the 1st AD's tablet, the cast
// member calls a stop-work with their PIN; the ledger says they called it.
// A wrong PIN says how many attempts are left and stops nothing; a device
// nobody runs the day on offers no PIN pad and refuses one.
func TestStopWorkWithAPINOnTheSharedDevice(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			const today = "/productions/red-mesa/today"
			must := ts.caller(t)
			must("producer", "PUT", "/api/v1/productions/red-mesa/people/"+ts.ids["cast"]+"/pin", `{"pin":"4827"}`, http.StatusOK)

			tablet := signedInClient(t, ts, "first_ad")
			tablet.want("GET", today+"/stop-work", nil, http.StatusOK, "Who calls it", `value="`+ts.ids["cast"]+`"`)
			tablet.want("POST", today+"/stop-work", url.Values{"scope": {"production"}, "reason": {"Smoke from the saloon"}, "person": {ts.ids["cast"]}, "pin": {"1111"}},
				http.StatusUnauthorized, "attempts left", "Smoke from the saloon")
			if n := len(dayBoard(t, ts).StopWorks); n != 0 {
				t.Fatalf("a wrong PIN called %d stop-works", n)
			}
			status, _, loc := tablet.do("POST", today+"/stop-work", url.Values{"scope": {"production"}, "reason": {"Smoke from the saloon"}, "person": {ts.ids["cast"]}, "pin": {"4827"}})
			if status != http.StatusSeeOther || loc != today+"?done=stopped" {
				t.Fatalf("the stop-work with the right PIN: %d to %q", status, loc)
			}
			board := dayBoard(t, ts)
			if len(board.StopWorks) != 1 || board.StopWorks[0].CalledBy != ts.ids["cast"] {
				t.Fatalf("stop-works in force: %+v", board.StopWorks)
			}

			// The same through the API; the crew's phone is no shared device.
			must("first_ad", "POST", "/api/v1/productions/red-mesa/stop-works",
				`{"scope":"hazard","hazard":"firearms","reason":"Rattling dummies","person":"`+ts.ids["cast"]+`","pin":"4827"}`, http.StatusCreated)
			if page := signedInClient(t, ts, "crew").want("GET", today+"/stop-work", nil, http.StatusOK, "Stop work now"); strings.Contains(page, "Who calls it") {
				t.Error("the crew's phone offers the shared device's PIN pad")
			}
			must("crew", "POST", "/api/v1/productions/red-mesa/stop-works",
				`{"scope":"production","reason":"Smoke","person":"`+ts.ids["cast"]+`","pin":"4827"}`, http.StatusForbidden)
			if n := len(dayBoard(t, ts).StopWorks); n != 2 {
				t.Fatalf("%d stop-works in force, want 2", n)
			}
		})
	}
}

// TestMeetingPageTicksBulletinPoints: the production has firearms, so the
// meeting page lists the firearm bulletin's points even before a set-up
// names firearms; the points ticked are recorded by their IDs, cover the
// hazard, and are listed with the meeting.
func TestMeetingPageTicksBulletinPoints(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const today = "/productions/red-mesa/today"
	ad := signedInClient(t, ts, "first_ad")
	ad.want("GET", today+"/meeting", nil, http.StatusOK, `id="points-firearms"`, `value="firearms.misfire"`, "What to do after a misfire")
	if status, page, _ := ad.do("POST", today+"/meeting", url.Values{"covered_topics": {"firearms.loaded", "firearms.trigger"}, "other": {"Exits"}}); status != http.StatusSeeOther {
		t.Fatalf("holding the meeting: %d %.600s", status, page)
	}
	st, err := ts.env.DB.LedgerState(t.Context(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	ms := st.SafetyMeetings()
	if len(ms) != 1 || !slices.Equal(ms[0].CoveredTopics(), []string{"firearms.loaded", "firearms.trigger"}) || ms[0].Hazards != "firearms" {
		t.Fatalf("the meetings recorded: %+v", ms)
	}
	ad.want("GET", today+"/meeting", nil, http.StatusOK, `<li class="point">Every firearm is treated as loaded</li>`, `<li class="point">Finger off the trigger until the shot</li>`,
		"(covered already today)")
}

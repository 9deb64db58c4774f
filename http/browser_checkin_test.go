package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserCheckIn checks a performer in on the 1st AD's phone, the
// shared device of the day, with their PIN: Today then lists them on
// site; they check out the same way and are gone. A crew member checks in
// on their own phone and leaves without checking out; the 1st AD checks
// them out from Today.
func TestBrowserCheckIn(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	cast, crew := ts.ids["cast"], ts.ids["crew"]
	if status, body := ts.call(t, "producer", "PUT", "/api/v1/productions/red-mesa/people/"+cast+"/pin", `{"pin":"2468"}`); status != http.StatusOK {
		t.Fatalf("the performer's PIN: %d %s", status, body)
	}
	const today = "/productions/red-mesa/today"
	p := newPhone(t, ts.URL)
	signInAs(p, "first_ad", today)
	p.wantText("#on-site", "Nobody is checked in yet.")
	p.wantText("#no-medic", "No medic is checked in.")

	// The 1st AD's phone becomes the shared device: the performer taps
	// their name and types their PIN, a wrong one first.
	tapTo(p, "#check-in-device", http.StatusOK)
	p.wantText("main h1", "Check in on set")
	p.wantText("#name-"+cast, "Tap to check in")
	checkPage(p, "check-in names", "/productions/red-mesa/check-in")
	tapTo(p, "#name-"+cast, http.StatusOK)
	p.wantText("h1.pin-who", "The Cast: type YOUR PIN")
	typePIN(p, "1111")
	tapTo(p, "#check-in", http.StatusUnauthorized)
	p.wantText("#problem", "Wrong PIN.")
	checkPage(p, "check-in pin pad", "/productions/red-mesa/check-in?person="+cast)
	typePIN(p, "2468")
	tapTo(p, "#check-in", http.StatusOK)
	p.wantText(".done", "The Cast is checked in.")
	p.wantText("#name-"+cast, "On site: tap to check out")

	// Today lists them on site, with since when.
	if status := p.open(today); status != http.StatusOK {
		t.Fatalf("Today: %d", status)
	}
	p.wantText("#on-site-title", "On site now (1)")
	p.wantText("#on-site-"+cast, "The Cast")
	p.wantText("#on-site-"+cast, "since")

	// They check out the same way, and are gone.
	if status := p.open("/productions/red-mesa/check-in"); status != http.StatusOK {
		t.Fatalf("the check-in device: %d", status)
	}
	tapTo(p, "#name-"+cast, http.StatusOK)
	typePIN(p, "2468")
	tapTo(p, "#check-out", http.StatusOK)
	p.wantText(".done", "The Cast is checked out.")
	if status := p.open(today); status != http.StatusOK {
		t.Fatalf("Today: %d", status)
	}
	p.wantText("#on-site-title", "On site now (0)")
	if got := p.text("#on-site"); strings.Contains(got, "The Cast") {
		t.Errorf("after checking out, Today lists %q", got)
	}

	// A crew member checks in on their own phone.
	own := newPhone(t, ts.URL)
	signInAs(own, "crew", today)
	own.wantText("#check-self", "Check in")
	tapTo(own, "#check-self", http.StatusOK)
	own.wantText(".done", "Done: you are checked in.")
	own.wantText("#check-self", "Check out")
	own.wantText("#on-site-"+crew, "The Crew")
	checkPage(own, "today checked in", today)

	// The medic checks in on their own phone: Today shows them as the
	// medic, whom hazards need on site.
	if status, body := ts.call(t, "medic", "POST", "/api/v1/productions/red-mesa/checkins", `{}`); status != http.StatusOK {
		t.Fatalf("the medic's check-in: %d %s", status, body)
	}

	// The crew member leaves without checking out: the 1st AD checks them
	// out.
	if status := p.open(today); status != http.StatusOK {
		t.Fatalf("Today: %d", status)
	}
	p.wantText("#on-site-title", "On site now (2)")
	p.wantText("#on-site-"+ts.ids["medic"]+" .badge.medic", "Medic")
	if got := p.text("#on-site"); strings.Contains(got, "No medic is checked in.") {
		t.Errorf("with the medic on site, Today says %q", got)
	}
	tapTo(p, "#check-out-"+crew, http.StatusOK)
	p.wantText(".done", "Done: they are checked out; the record says you did it.")
	p.wantText("#on-site-title", "On site now (1)")
	if v := onSiteIDs(t, ts); len(v) != 1 || v[0] != ts.ids["medic"] {
		t.Fatalf("on site after the 1st AD checked the crew member out: %v", v)
	}
}

// onSiteIDs returns the IDs of the people on site, as the API says.
func onSiteIDs(t *testing.T, ts *testServer) []string {
	t.Helper()
	status, body := ts.call(t, "first_ad", "GET", "/api/v1/productions/red-mesa/on-site", "")
	if status != http.StatusOK {
		t.Fatalf("on-site: %d %s", status, body)
	}
	var out []string
	for _, p := range decode[struct {
		People []struct {
			PersonID string `json:"person_id"`
		} `json:"people"`
	}](t, body).People {
		out = append(out, p.PersonID)
	}
	return out
}

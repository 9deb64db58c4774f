package http_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/storagetest"
)

// openByPage records an incident of kind with the page's button, as actor,
// and returns its ID, read from where the page leads.
func openByPage(t *testing.T, ts *testServer, actor, kind string) string {
	t.Helper()
	status, location, body := postForm(t, ts, actor, "/productions/red-mesa/incidents/new", url.Values{"kind": {kind}})
	const prefix = "/productions/red-mesa/incidents/"
	if status != http.StatusSeeOther || !strings.HasPrefix(location, prefix) || !strings.HasSuffix(location, "?done=opened") {
		t.Fatalf("the %s button as %s: %d %s\n%s", kind, actor, status, location, body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(location, prefix), "?done=opened")
}

// incidentOf reads an incident through the API, as the safety coordinator.
func incidentOf(t *testing.T, ts *testServer, id string) sshttp.IncidentView {
	t.Helper()
	return decode[sshttp.IncidentView](t, ts.caller(t)("safety_coordinator", "GET", "/api/v1/productions/red-mesa/incidents/"+id, "", http.StatusOK))
}

// TestIncidentPages: an incident is recorded with one button and filled
// in by its reporter with the details form; each page shows each person
// what they may read and offers what they may do.
func TestIncidentPages(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	recordedAt := ts.env.Clock.Now()
	id := openByPage(t, ts, "crew", incident.KindNearMiss)
	x := incidentOf(t, ts, id)
	if x.Kind != incident.KindNearMiss || x.ReportedBy != ts.ids["crew"] || x.State != incident.StateOpen || x.Description != "" ||
		!x.OccurredAt.Equal(recordedAt) {
		t.Fatalf("the incident the button recorded: %+v", x)
	}
	// A button tapped twice, its form sent again with the same key, leads
	// to the same incident and records nothing more.
	tapped := url.Values{sshttp.KeyField: {"fire-button-key-0001"}, "kind": {incident.KindFire}}
	_, first, _ := postForm(t, ts, "crew", prod+"/incidents/new", tapped)
	_, again, _ := postForm(t, ts, "crew", prod+"/incidents/new", tapped)
	if first == "" || again != first || len(incidentsOf(t, ts)) != 2 {
		t.Fatalf("the fire button sent twice led to %q and %q, and the register holds %d incidents, want 2", first, again, len(incidentsOf(t, ts)))
	}

	// The details form, sent back with the time as it shows it (to the
	// minute): the record's time does not move.
	ts.env.Clock.Advance(10 * time.Minute)
	shown := recordedAt.In(mustLoad(t, "America/Denver")).Format(setsafe.OccurredLayout)
	form := url.Values{"kind": {incident.KindNearMiss}, "severity": {incident.SeverityMinor}, "could_have_been_fatal": {"false", "true"},
		"description": {"A light stand fell where the actor had stood"}, "immediate_action": {"Stands sandbagged"}, "occurred_at": {shown},
		"where": {"Church set, nave"}, "people": {"", ts.ids["cast"]}, "witnesses": {"", ts.ids["first_ad"], ts.ids["armorer"]}}
	status, location, body := postForm(t, ts, "crew", prod+"/incidents/"+id+"/details", form)
	if status != http.StatusSeeOther || location != prod+"/incidents/"+id+"?done=corrected" {
		t.Fatalf("the details form: %d %s\n%s", status, location, body)
	}
	x = incidentOf(t, ts, id)
	if x.Severity != incident.SeverityMinor || !x.CouldHaveBeenFatal || x.Description != "A light stand fell where the actor had stood" ||
		x.ImmediateAction != "Stands sandbagged" || x.Where != "Church set, nave" || !x.OccurredAt.Equal(recordedAt) ||
		!slices.Equal(x.People, []string{ts.ids["cast"]}) || !slices.Equal(x.Witnesses, []string{ts.ids["first_ad"], ts.ids["armorer"]}) {
		t.Fatalf("the record after the details form: %+v", x)
	}
	// Unticked, the box and the lists say so: the form shows them.
	form.Set("could_have_been_fatal", "false")
	form["witnesses"] = []string{""}
	if status, _, body := postForm(t, ts, "crew", prod+"/incidents/"+id+"/details", form); status != http.StatusSeeOther {
		t.Fatalf("the details form again: %d\n%s", status, body)
	}
	if x = incidentOf(t, ts, id); x.CouldHaveBeenFatal || len(x.Witnesses) != 0 || !slices.Equal(x.People, []string{ts.ids["cast"]}) {
		t.Fatalf("the record after unticking: %+v", x)
	}
	// A time in the future comes back on the form, with what was typed.
	form.Set("occurred_at", ts.env.Clock.Now().Add(48*time.Hour).In(mustLoad(t, "America/Denver")).Format(setsafe.OccurredLayout))
	form.Set("description", "Typed, then refused")
	status, _, body = postForm(t, ts, "crew", prod+"/incidents/"+id+"/details", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="problem"`) || !strings.Contains(body, "Typed, then refused") {
		t.Fatalf("a time in the future: %d\n%s", status, body)
	}

	// A misfire opens its incident by itself: its page says from what.
	misfire := decode[sshttp.RecordedResult](t, ts.caller(t)("armorer", "POST", "/api/v1"+prod+"/firearms/"+ts.ids["firearm"]+"/discharges",
		`{"kind":"misfire","description":"Hammer fell, no report"}`, http.StatusCreated)).ID

	one, auto := prod+"/incidents/"+id, prod+"/incidents/"+misfire
	tests := []struct {
		who, path string
		want      int
		has, not  []string
	}{
		{"crew", prod, http.StatusOK, []string{`href="` + prod + `/incidents/new"`}, []string{`id="incident-status"`}},
		{"safety_coordinator", prod, http.StatusOK, []string{`id="incident-status"`, "Incidents open: 3."}, nil},
		{"crew", prod + "/incidents/new", http.StatusOK, []string{`id="kind-near_miss"`, `id="kind-security"`, "Live round found", "Incidents you reported"}, nil},
		{"outsider", prod + "/incidents/new", http.StatusForbidden, nil, nil},
		{"crew", one, http.StatusOK, []string{"Near miss", "A light stand fell", `id="details-form"`, "The Cast", "Reported by", "The Crew"},
			[]string{`id="investigator-form"`, `id="factor-form"`, `id="plan-form"`, "Why the record changes", "Timeline: what happened"}},
		{"cast", one, http.StatusNotFound, nil, nil},
		{"department_head", one, http.StatusOK, []string{"A light stand fell"}, []string{`id="details-form"`, `id="investigator-form"`}},
		{"safety_coordinator", one, http.StatusOK, []string{`id="details-form"`, "Why the record changes", `id="investigator-form"`, `id="factor-form"`,
			`id="plan-form"`, "Timeline: what happened", "No investigator yet"}, []string{`id="conclusion-form"`}},
		{"armorer", auto, http.StatusOK, []string{"Misfire or malfunction", "Opened by itself from", "Discharge reported"}, nil},
		{"crew", prod + "/incidents", http.StatusOK, []string{`data-id="` + id + `"`, "You see the incidents you reported"}, []string{`data-id="` + misfire + `"`, "Download the register"}},
		{"cast", prod + "/incidents", http.StatusOK, []string{"No open incident."}, []string{`data-id="` + id + `"`}},
		{"safety_coordinator", prod + "/incidents", http.StatusOK, []string{"Near miss", "Misfire or malfunction", "Minor",
			`href="/api/v1/productions/red-mesa/incidents/export.csv"`}, nil},
		{"safety_coordinator", prod + "/incidents?state=closed", http.StatusOK, []string{"No open incident.", "No closed incident."}, []string{`data-id="` + id + `"`}},
		{"safety_coordinator", prod + "/incidents?kind=misfire_malfunction", http.StatusOK, []string{`data-id="` + misfire + `"`}, []string{`data-id="` + id + `"`}},
		{"safety_coordinator", prod + "/incidents?state=lost", http.StatusUnprocessableEntity, []string{"Choose a state from the list."}, nil},
		{"investigator", one + "/timeline", http.StatusOK, []string{"Timeline of the incident", "Incident recorded", "Incident record corrected",
			"Discharge reported"}, []string{"Firearm received"}},
		{"cast", one + "/timeline", http.StatusNotFound, nil, nil},
		{"armorer", one + "/timeline", http.StatusForbidden, nil, nil},
		{"first_ad", one + "/timeline", http.StatusForbidden, nil, nil},
		{"crew", prod + "/corrective-actions", http.StatusOK, []string{"No action waits to be done."}, []string{"Download every action"}},
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
}

// TestIncidentPagesOfferWhatTheServerAllows checks, as every actor, that
// an incident's page and a concern's offer a form exactly when the server
// takes its command from that actor: the API answers it, sent with a body
// the register refuses as invalid, 400 to whom it authorizes and 403 to
// others, so that nothing is recorded.
func TestIncidentPagesOfferWhatTheServerAllows(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	id := openByPage(t, ts, "crew", incident.KindFire)
	one := prod + "/incidents/" + id
	concernID := setsafe.NewID()
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.RaiseConcern{ID: concernID,
		Category: setsafe.CategoryFire, Severity: setsafe.SeverityHigh, Description: "Smoke machine next to the curtains", Mode: setsafe.ReportNamed, By: ts.ids["crew"]}))
	concern := prod + "/concerns/" + concernID
	tests := []struct{ name, page, offer, path, body string }{
		{"correct the record", one, `id="details-form"`, "/api/v1" + one + "/correction", `{"kind":"none"}`},
		{"name the investigator", one, `id="investigator-form"`, "/api/v1" + one + "/investigator", `{"investigator":""}`},
		{"record a factor", one, `id="factor-form"`, "/api/v1" + one + "/factors", `{"category":"luck","description":"x"}`},
		{"plan an action", one, `id="plan-form"`, "/api/v1" + one + "/actions", `{"what":"","owner":"","due":""}`},
		{"turn a concern into an incident", concern, `id="turn-form"`, "/api/v1" + prod + "/incidents", `{"kind":"none","from_concern":"` + concernID + `"}`},
		{"link a concern to an incident", concern, `id="link-form"`, "/api/v1" + one + "/concerns", `{"concern_id":"no-such-concern"}`},
	}
	seen := map[string]map[bool]int{}
	for _, actor := range actors() {
		if actor == "" {
			continue
		}
		for _, tt := range tests {
			status, body := page(t, ts, actor, tt.page)
			if status != http.StatusOK {
				continue // the page is not theirs
			}
			offered := strings.Contains(body, tt.offer)
			got, answer := ts.call(t, actor, "POST", tt.path, tt.body)
			if got != http.StatusForbidden && got != http.StatusBadRequest {
				t.Fatalf("%s as %s: %d %s, want 400 or 403", tt.name, actor, got, answer)
			}
			if allowed := got == http.StatusBadRequest; offered != allowed {
				t.Errorf("%s as %s: the page offers it: %v; the server takes it: %v (%d %s)", tt.name, actor, offered, allowed, got, answer)
			}
			if seen[tt.name] == nil {
				seen[tt.name] = map[bool]int{}
			}
			seen[tt.name][got == http.StatusBadRequest]++
		}
	}
	for _, tt := range tests {
		if seen[tt.name][true] == 0 || seen[tt.name][false] == 0 {
			t.Errorf("%s: %d actors may and %d may not, among those who see its page: the check shows nothing", tt.name, seen[tt.name][true], seen[tt.name][false])
		}
	}
	if x := incidentOf(t, ts, id); x.LastSeq != x.RecordSeq || len(incidentsOf(t, ts)) != 1 {
		t.Errorf("the refused calls recorded something: %+v", x)
	}
}

// incidentsOf lists the production's incidents through the API.
func incidentsOf(t *testing.T, ts *testServer) []sshttp.IncidentView {
	t.Helper()
	return decode[sshttp.IncidentsView](t, ts.caller(t)("safety_coordinator", "GET", "/api/v1/productions/red-mesa/incidents", "", http.StatusOK)).Incidents
}

// TestIncidentDetailsWithPhoto sends the details form with the fixture
// photo, as a phone does: the record is corrected and the photo attached
// in the same batch, without its GPS position; the page shows it.
func TestIncidentDetailsWithPhoto(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	id := openByPage(t, ts, "cast", incident.KindInjury)
	photo, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range [][2]string{{"kind", incident.KindInjury}, {"severity", incident.SeverityMinor}, {"description", "Cut hand on a flat's edge"}} {
		mw.WriteField(f[0], f[1])
	}
	for range 2 { // the same photo twice is attached once
		fw, _ := mw.CreateFormFile("photos", "IMG_0002.jpg")
		fw.Write(photo)
	}
	mw.Close()
	path := "/productions/red-mesa/incidents/" + id
	req, _ := http.NewRequest("POST", ts.URL+path+"/details", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	before, err := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	status, location, answer := send(t, ts, "cast", req)
	if status != http.StatusSeeOther || location != path+"?done=corrected" {
		t.Fatalf("the form: %d %s\n%s", status, location, answer)
	}
	x := incidentOf(t, ts, id)
	if x.Description != "Cut hand on a flat's edge" || len(x.Evidence) != 1 || x.Evidence[0].ContentType != "image/jpeg" {
		t.Fatalf("the incident after the form with a photo: %+v", x)
	}
	after, _ := ts.env.DB.LedgerSize(t.Context(), "red-mesa")
	if after != before+2 {
		t.Errorf("the form recorded %d entries, want the correction and one photo", after-before)
	}
	stored := ts.caller(t)("cast", "GET", "/api/v1"+path+"/evidence/"+x.Evidence[0].File, "", http.StatusOK)
	if bytes.Contains(stored, []byte("Exif")) || bytes.Contains(stored, []byte("GPSCam")) {
		t.Error("the photo sent with the form keeps its metadata")
	}
	if _, shown := page(t, ts, "cast", path); !strings.Contains(shown, `src="/api/v1`+path+`/evidence/`+x.Evidence[0].File+`"`) {
		t.Errorf("the incident's page does not show its photo:\n%s", shown)
	}
	// The evidence form without a file comes back with the problem.
	status, _, answer = postParts(t, ts, "cast", path+"/evidence", [][2]string{{"caption", "Nothing"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(answer, "Choose the photo or the document to attach.") {
		t.Fatalf("the evidence form without a file: %d\n%s", status, answer)
	}
}

// TestConcernIntoIncident: the safety coordinator turns a concern into an
// incident from its page, and links another to it; both pages say so.
func TestConcernIntoIncident(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	call := ts.caller(t)
	const prod = "/productions/red-mesa"
	raise := func(what string) string {
		return decode[sshttp.RecordedResult](t, call("crew", "POST", "/api/v1"+prod+"/concerns",
			`{"category":"equipment","severity":"high","mode":"named","description":"`+what+`"}`, http.StatusCreated)).ID
	}
	first, second := raise("The light stands have no sandbags"), raise("A stand fell in the nave")
	status, location, body := postForm(t, ts, "safety_coordinator", prod+"/concerns/"+first+"/incident",
		url.Values{"kind": {incident.KindNearMiss}, "description": {"A stand without sandbags fell"}})
	if status != http.StatusSeeOther || !strings.HasSuffix(location, "?done=turned") {
		t.Fatalf("turn into an incident: %d %s\n%s", status, location, body)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(location, prod+"/incidents/"), "?done=turned")
	if x := incidentOf(t, ts, id); x.Description != "A stand without sandbags fell" || !slices.Equal(x.Concerns, []string{first}) || x.ReportedBy != ts.ids["safety_coordinator"] {
		t.Fatalf("the incident from the concern: %+v", x)
	}
	if status, location, body := postForm(t, ts, "safety_coordinator", prod+"/concerns/"+second+"/incident-link", url.Values{"incident_id": {id}}); status != http.StatusSeeOther ||
		location != prod+"/concerns/"+second+"?done=linked" {
		t.Fatalf("link to the incident: %d %s\n%s", status, location, body)
	}
	if x := incidentOf(t, ts, id); !slices.Equal(x.Concerns, []string{first, second}) {
		t.Fatalf("the incident's concerns after linking: %v", x.Concerns)
	}
	for _, c := range []string{first, second} {
		_, shown := page(t, ts, "safety_coordinator", prod+"/concerns/"+c)
		if !strings.Contains(shown, `id="incident-link"`) || !strings.Contains(shown, `href="`+prod+`/incidents/`+id+`"`) || strings.Contains(shown, `id="turn-form"`) {
			t.Errorf("the page of concern %s does not say it is linked, or offers to turn it again", c)
		}
	}
	_, shown := page(t, ts, "safety_coordinator", prod+"/incidents/"+id)
	if !strings.Contains(shown, "Linked concerns") || !strings.Contains(shown, "A stand fell in the nave") {
		t.Error("the incident's page does not list its concerns")
	}
	// The crew reporter reads their concern, not the incident it became.
	if _, shown := page(t, ts, "crew", prod+"/concerns/"+first); strings.Contains(shown, `id="incident-link"`) {
		t.Error("the crew's concern page links to an incident they may not read")
	}
}

// TestCorrectiveActionPages: an action planned on an incident's page is
// its owner's to record done from their list, which marks it overdue
// after its day; the production's home counts it for them.
func TestCorrectiveActionPages(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	id := openByPage(t, ts, "cast", incident.KindPropertyDamage)
	today := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format(time.DateOnly)
	status, location, body := postForm(t, ts, "safety_coordinator", prod+"/incidents/"+id+"/actions",
		url.Values{"what": {"Pad the dolly track ends"}, "owner": {ts.ids["crew"]}, "due": {today}, "preventive": {"true"}})
	if status != http.StatusSeeOther || location != prod+"/incidents/"+id+"?done=planned" {
		t.Fatalf("plan: %d %s\n%s", status, location, body)
	}
	x := incidentOf(t, ts, id)
	if len(x.Actions) != 1 || x.Actions[0].Owner != ts.ids["crew"] || !x.Actions[0].Preventive || x.Actions[0].Due != today {
		t.Fatalf("the action planned: %+v", x.Actions)
	}
	action := x.Actions[0].ID
	ts.env.Clock.Advance(36 * time.Hour)
	for _, tt := range []struct {
		who, path string
		has, not  []string
	}{
		{"crew", prod, []string{`id="my-actions"`, "Corrective actions you own: 1.", "Overdue: 1."}, nil},
		{"crew", prod + "/corrective-actions", []string{"Pad the dolly track ends", "Overdue", `id="done-` + action + `"`, "Preventive"}, []string{"Download every action"}},
		{"cast", prod + "/corrective-actions", []string{"No action waits to be done."}, []string{"Pad the dolly"}},
		{"safety_coordinator", prod + "/corrective-actions", []string{"Pad the dolly track ends", "Download every action", `href="` + prod + `/incidents/` + id + `"`}, nil},
		{"safety_coordinator", prod + "/incidents", []string{"Overdue actions: 1"}, nil},
	} {
		status, shown := page(t, ts, tt.who, tt.path)
		if status != http.StatusOK {
			t.Errorf("%s as %s: %d", tt.path, tt.who, status)
		}
		for _, s := range tt.has {
			if !strings.Contains(shown, s) {
				t.Errorf("%s as %s does not show %q", tt.path, tt.who, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(shown, s) {
				t.Errorf("%s as %s shows %q", tt.path, tt.who, s)
			}
		}
	}
	// Without saying what was done, the list comes back with the problem.
	if status, _, body := postForm(t, ts, "crew", prod+"/corrective-actions/"+action+"/done", url.Values{"note": {" "}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="problem"`) {
		t.Fatalf("done without a note: %d\n%s", status, body)
	}
	if status, location, _ := postForm(t, ts, "crew", prod+"/corrective-actions/"+action+"/done", url.Values{"note": {"Foam on both ends"}}); status != http.StatusSeeOther ||
		location != prod+"/corrective-actions?done=finished" {
		t.Fatalf("done: %d %s", status, location)
	}
	// Whoever did it does not check it; someone who investigates does.
	if _, shown := page(t, ts, "safety_coordinator", prod+"/incidents/"+id); !strings.Contains(shown, `id="check-`+action+`"`) {
		t.Error("the incident's page does not offer to check the action done")
	}
	if status, _, _ := postForm(t, ts, "safety_coordinator", prod+"/incidents/"+id+"/actions/"+action+"/check", url.Values{"worked": {"false"}}); status != http.StatusUnprocessableEntity {
		t.Errorf("a check that did not work, without a note or a due day: %d", status)
	}
	if status, location, _ := postForm(t, ts, "safety_coordinator", prod+"/incidents/"+id+"/actions/"+action+"/check", url.Values{"worked": {"true"}}); status != http.StatusSeeOther ||
		location != prod+"/incidents/"+id+"?done=checked" {
		t.Fatalf("check: %d %s", status, location)
	}
	if a := incidentOf(t, ts, id).Actions[0]; a.State != incident.ActionStateVerified || a.DoneNote != "Foam on both ends" || a.VerifiedBy != ts.ids["safety_coordinator"] {
		t.Fatalf("the action after the check: %+v", a)
	}
}

// TestIncidentPagesInSpanish: the register's words on an incident's page,
// the register and the button page speak Spanish.
func TestIncidentPagesInSpanish(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	id := openByPage(t, ts, "crew", incident.KindLiveRound)
	for _, tt := range []struct {
		path string
		has  []string
	}{
		{"/productions/red-mesa/incidents/new", []string{"Informar de un incidente", "Cartucho real encontrado", "Seguridad: arma o munición perdida o robada"}},
		{"/productions/red-mesa/incidents/" + id, []string{"Cartucho real encontrado", "Sin evaluar todavía", "Guardar los detalles", "Investigación", "Todavía nadie lo investiga"}},
		{"/productions/red-mesa/incidents", []string{"Incidentes abiertos", "Cartucho real encontrado"}},
	} {
		req, _ := http.NewRequest("GET", ts.URL+tt.path, nil)
		req.Header.Set("Accept-Language", "es")
		status, _, body := send(t, ts, "crew", req)
		if status != http.StatusOK {
			t.Fatalf("%s in Spanish: %d", tt.path, status)
		}
		for _, s := range tt.has {
			if !strings.Contains(body, s) {
				t.Errorf("%s in Spanish does not say %q", tt.path, s)
			}
		}
	}
}

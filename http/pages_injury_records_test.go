package http_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/storagetest"
)

// injuryCaseForm is the case form as a medic fills it in for the cast
// member's broken wrist on day, with the personal details of the 301.
func injuryCaseForm(ts *testServer, day string) url.Values {
	return url.Values{"employee": {ts.ids["cast"]}, "job_title": {"Actor"}, "date": {day}, "where": {"Stage 2"},
		"injury": {"Fracture"}, "body_part": {"left wrist"}, "object": {"fall from a rostrum"}, "case_type": {incident.TypeInjury}, "privacy": {""},
		"work_related": {"true"}, "new_case": {"true"}, "death": {"false"}, "days_away": {"0"}, "days_restricted": {"0"},
		"medical_treatment": {"false"}, "loss_of_consciousness": {"false"}, "significant_diagnosis": {"true"},
		"event_time": {"10:40"}, "before_incident": {"Climbing down the rostrum steps"}, "what_happened": {"A step gave way"},
		"emergency_room": {"true"}, "hospitalized": {"false"},
		"personal": {""}, "personal.street": {"12 Agua Fria St"}, "personal.city": {"Santa Fe"}, "personal.state": {"NM"},
		"personal.zip": {"87501"}, "personal.birth_date": {"1990-04-02"}, "personal.sex": {"F"}}
}

// caseOf reads an injury case through the API, as the safety coordinator.
func caseOf(t *testing.T, ts *testServer, id string) sshttp.CaseView {
	t.Helper()
	return decode[sshttp.CaseView](t, ts.caller(t)("safety_coordinator", "GET", "/api/v1/productions/red-mesa/injury-cases/"+id, "", http.StatusOK))
}

// wantPage gets path as who and fails unless it answers want and shows
// every one of has and none of not.
func wantPage(t *testing.T, ts *testServer, who, path string, want int, has, not []string) string {
	t.Helper()
	status, body := page(t, ts, who, path)
	if status != want {
		t.Fatalf("%s as %s: %d, want %d", path, who, status, want)
	}
	for _, s := range has {
		if !strings.Contains(body, s) {
			t.Errorf("%s as %s does not show %q", path, who, s)
		}
	}
	for _, s := range not {
		if strings.Contains(body, s) {
			t.Errorf("%s as %s shows %q", path, who, s)
		}
	}
	return body
}

// TestInjuryRecordPages keeps a year's injury records with the pages, on
// both databases: the establishment and its figures, a case recorded
// from an incident's page and corrected, a privacy case; each page shows
// each person what they may read, and the personal details only to those
// who keep the records.
func TestInjuryRecordPages(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			injuryRecordPages(t, ts)
		})
	}
}

func injuryRecordPages(t *testing.T, ts *testServer) {
	const prod = "/productions/red-mesa"
	const records = prod + "/injury-records"
	day := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format("2006-01-02")
	year := day[:4]
	this := records + "/" + year

	// Before the establishment is set up, the page says so, and offers
	// its form to those who keep the records.
	wantPage(t, ts, "safety_coordinator", records, http.StatusOK, []string{"Injury and illness records of " + year, `id="no-establishment"`,
		`href="` + this + `/establishment"`, `aria-current="page">` + year + `<`}, []string{`id="form-300"`})
	wantPage(t, ts, "armorer", records, http.StatusOK, []string{`id="no-establishment"`, "Those who keep the injury records set it up"},
		[]string{`id="set-establishment"`})
	for _, who := range []string{"crew", "cast", "outsider"} {
		wantPage(t, ts, who, records, http.StatusForbidden, nil, nil)
	}
	wantPage(t, ts, "armorer", this+"/establishment", http.StatusForbidden, nil, nil)
	wantPage(t, ts, "medic", this+"/establishment", http.StatusOK, []string{`value="512110"`, `value="Motion picture and video production"`,
		`name="establishment_type" value="1" checked`}, nil)

	// The establishment's form: a short EIN comes back with what was
	// typed; then it is set, and the year's figures.
	est := url.Values{"name": {"Red Mesa production office"}, "company_name": {"Dry Gulch Pictures LLC"}, "ein": {"85-12"}, "street": {"1 Cerrillos Rd"},
		"city": {"Santa Fe"}, "state": {"NM"}, "zip": {"87505"}, "naics": {"512110"}, "industry": {"Motion picture and video production"}, "establishment_type": {"1"}}
	status, _, body := postForm(t, ts, "safety_coordinator", this+"/establishment", est)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="problem"`) || !strings.Contains(body, `value="Dry Gulch Pictures LLC"`) {
		t.Fatalf("a short EIN: %d\n%s", status, body)
	}
	est.Set("ein", "85-1234567")
	if status, location, body := postForm(t, ts, "safety_coordinator", this+"/establishment", est); status != http.StatusSeeOther || location != this+"?done=establishment" {
		t.Fatalf("the establishment's form: %d %s\n%s", status, location, body)
	}
	figures := url.Values{"annual_average_employees": {"40"}, "total_hours_worked": {"60000"}, "peak_employees": {"55"}}
	if status, location, body := postForm(t, ts, "producer", this+"/figures", figures); status != http.StatusSeeOther || location != this+"?done=figures" {
		t.Fatalf("the figures' form: %d %s\n%s", status, location, body)
	}
	e := decode[sshttp.EstablishmentView](t, ts.caller(t)("armorer", "GET", "/api/v1"+prod+"/establishment", "", http.StatusOK))
	if e.Establishment == nil || e.Establishment.EIN != "851234567" || e.Establishment.Type != 1 || len(e.Years) != 1 || e.Years[0].PeakEmployees != 55 {
		t.Fatalf("the establishment after its forms: %+v %+v", e.Establishment, e.Years)
	}

	// An injury; the medic records its case from the incident's page.
	inc := decode[sshttp.RecordedResult](t, ts.caller(t)("cast", "POST", "/api/v1"+prod+"/incidents",
		`{"kind":"injury_illness","where":"Stage 2","description":"Fell from a rostrum"}`, http.StatusCreated)).ID
	one := prod + "/incidents/" + inc
	wantPage(t, ts, "medic", one, http.StatusOK, []string{`id="record-case"`, `href="` + one + `/injury-case"`, "No injury or illness case recorded from it."}, nil)
	wantPage(t, ts, "armorer", one, http.StatusOK, nil, []string{`id="record-case"`, `id="injury-cases"`})
	wantPage(t, ts, "armorer", one+"/injury-case", http.StatusForbidden, nil, nil)
	wantPage(t, ts, "medic", one+"/injury-case", http.StatusOK, []string{`id="case-form"`, `name="date" type="date" max="` + day + `" required value="` + day + `"`,
		`name="where" required value="Stage 2"`, `name="work_related" value="true" checked`, `name="death" value="false" checked`,
		"Drinking fluids for heat stress", `action="` + one + `/injury-cases"`}, []string{`name="reason"`})

	form := injuryCaseForm(ts, day)
	form.Set("injury", "")
	status, _, body = postForm(t, ts, "medic", one+"/injury-cases", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="injury" name="injury" required value="" aria-invalid="true"`) ||
		!strings.Contains(body, `value="left wrist"`) || !strings.Contains(body, `value="12 Agua Fria St"`) {
		t.Fatalf("a case without its injury: %d\n%s", status, body)
	}
	form = injuryCaseForm(ts, day)
	status, location, body := postForm(t, ts, "medic", one+"/injury-cases", form)
	id, ok := strings.CutPrefix(location, prod+"/injury-cases/")
	if status != http.StatusSeeOther || !ok || !strings.HasSuffix(id, "?done=recorded") {
		t.Fatalf("the case form: %d %s\n%s", status, location, body)
	}
	id = strings.TrimSuffix(id, "?done=recorded")
	k := caseOf(t, ts, id)
	if !k.Recordable || k.Number != year+"-001" || k.IncidentID != inc || k.Employee != ts.ids["cast"] || k.JobTitle != "Actor" || !k.SignificantDiagnosis ||
		k.MedicalTreatment || !k.EmergencyRoom || k.EventTime != "10:40" || k.Personal == nil || k.Personal.BirthDate != "1990-04-02" || k.Personal.Street != "12 Agua Fria St" {
		t.Fatalf("the case the form recorded: %+v %+v", k.InjuryCase, k.Personal)
	}
	// The nonce sealed with the personal details names their file: the
	// ledger's hash of it is not in the API's view.
	sealed := k.Personal.Nonce

	// Its page: whether it is recordable and why, to each as they may.
	casePage := prod + "/injury-cases/" + id
	wantPage(t, ts, "medic", casePage+"?done=recorded", http.StatusOK, []string{"Done: the case is recorded.", "Injury or illness case " + year + "-001",
		`data-recordable="true"`, "significant injury or illness diagnosed by a physician", "(1904.7(b)(7))", "On the log as: Other recordable case",
		`id="personal"`, "12 Agua Fria St", "1990-04-02", `action="` + casePage + `/correction"`, `name="reason"`, ">A step gave way</textarea>"}, nil)
	for _, who := range []string{"armorer", "investigator", "first_ad"} {
		wantPage(t, ts, who, casePage, http.StatusOK, []string{year + "-001", "The Cast", `data-recordable="true"`},
			[]string{"Agua Fria", "1990-04-02", `id="personal"`, `id="case-form"`, "A step gave way"})
	}
	for _, who := range []string{"crew", "cast", "outsider"} {
		if status, _ := page(t, ts, who, casePage); status != http.StatusNotFound && status != http.StatusForbidden {
			t.Errorf("the case's page as %s: %d, want 404 or 403", who, status)
		}
	}
	wantPage(t, ts, "armorer", one, http.StatusOK, []string{`id="injury-cases"`, "Case " + year + "-001", `href="` + casePage + `"`}, []string{`id="record-case"`})

	// A correction needs a reason; three weeks off, known later, move the
	// case to days away; the personal details, sent as they were, stay
	// sealed as they are.
	form.Set("days_away", "21")
	status, _, body = postForm(t, ts, "medic", casePage+"/correction", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="reason" name="reason" rows="2" required aria-invalid="true"`) ||
		!strings.Contains(body, `id="days_away" name="days_away" type="number" min="0" max="10000" inputmode="numeric" value="21"`) {
		t.Fatalf("a correction without its reason: %d\n%s", status, body)
	}
	form.Set("reason", "In a cast for three weeks")
	if status, location, body := postForm(t, ts, "medic", casePage+"/correction", form); status != http.StatusSeeOther || location != casePage+"?done=corrected" {
		t.Fatalf("the correction: %d %s\n%s", status, location, body)
	}
	if k = caseOf(t, ts, id); k.DaysAway != 21 || k.Personal.Nonce != sealed || k.Personal.Street != "12 Agua Fria St" {
		t.Fatalf("the case after the correction: %+v %+v", k.InjuryCase, k.Personal)
	}
	wantPage(t, ts, "medic", casePage, http.StatusOK, []string{"On the log as: Days away from work", "days away from work (1904.7(b)(3))"}, nil)
	form.Set("personal.street", "14 Agua Fria St")
	form.Set("reason", "Moved house")
	if status, _, body := postForm(t, ts, "safety_coordinator", casePage+"/correction", form); status != http.StatusSeeOther {
		t.Fatalf("a correction of the address: %d\n%s", status, body)
	}
	if k = caseOf(t, ts, id); k.Personal.Nonce == sealed || k.Personal.Street != "14 Agua Fria St" || k.Personal.BirthDate != "1990-04-02" || k.DaysAway != 21 {
		t.Fatalf("the case after the address changed: %+v %+v", k.InjuryCase, k.Personal)
	}

	// A privacy case: the log shows no name, nor what would tell who.
	other := decode[sshttp.RecordedResult](t, ts.caller(t)("crew", "POST", "/api/v1"+prod+"/incidents", `{"kind":"injury_illness"}`, http.StatusCreated)).ID
	private := url.Values{"employee": {ts.ids["crew"]}, "job_title": {"Grip"}, "date": {day}, "where": {"Production office"}, "injury": {"Panic attack"},
		"case_type": {incident.TypeOtherIllness}, "privacy": {"mental_illness"}, "discreet": {"Illness"}, "work_related": {"true"}, "new_case": {"true"},
		"medical_treatment": {"true"}, "personal": {""}}
	status, location, body = postForm(t, ts, "medic", prod+"/incidents/"+other+"/injury-cases", private)
	if status != http.StatusSeeOther {
		t.Fatalf("the privacy case: %d\n%s", status, body)
	}
	privatePage := strings.TrimSuffix(location, "?done=recorded")
	for _, who := range []string{"armorer", "first_ad"} {
		wantPage(t, ts, who, this, http.StatusOK, []string{`<td>Privacy case</td>`, "<td>The Cast</td>", "<td>Illness</td>", `id="form-300"`, `id="form-300a"`,
			`href="/api/v1/productions/red-mesa/injury-records/` + year + `/300.pdf"`, "Other recordable case"},
			[]string{"The Crew", "Panic attack", `id="form-301"`, `id="ita-summary"`, `id="ita-cases"`, `id="confidential"`, `id="change-establishment"`, "Agua Fria"})
		wantPage(t, ts, who, privatePage, http.StatusOK, []string{"Privacy case", "Illness"}, []string{"The Crew", "Panic attack", "mental illness", "A mental illness"})
		wantPage(t, ts, who, prod+"/incidents/"+other, http.StatusOK, []string{"Privacy case"}, nil)
	}
	wantPage(t, ts, "safety_coordinator", this+"?done=figures", http.StatusOK, []string{"Done: the year&#39;s figures are set.", `<td>Privacy case</td>`,
		`id="form-301"`, `id="ita-summary"`, `id="ita-cases"`, `id="confidential"`, year + "-002: The Crew", "Case " + year + "-001", `id="change-establishment"`,
		"Cases with days away from work (H)</dt><dd>1</dd>", "Other recordable cases (J)</dt><dd>1</dd>", "Days away from work (K)</dt><dd>21</dd>",
		"All other illnesses (M)</dt><dd>1</dd>", "Annual average number of employees</dt><dd>40</dd>"}, nil)
	wantPage(t, ts, "safety_coordinator", privatePage, http.StatusOK, []string{"The Crew", "Panic attack", "A mental illness"}, nil)

	// Whoever may not read a case through the API sees its personal
	// details on no page; whoever may, sees them on its page.
	for _, who := range actors() {
		if who == "" {
			continue
		}
		got, _ := ts.call(t, who, "GET", "/api/v1"+casePage, "")
		for _, path := range []string{casePage, this, one} {
			status, body := page(t, ts, who, path)
			if shown := strings.Contains(body, "14 Agua Fria St") || strings.Contains(body, "1990-04-02"); shown && got != http.StatusOK {
				t.Errorf("%s as %s (%d) shows the personal details, which the API keeps from them (%d)", path, who, status, got)
			} else if path == casePage && got == http.StatusOK && !shown {
				t.Errorf("%s as %s (%d) hides the personal details, which the API gives them", path, who, status)
			}
		}
	}

	// The home tile, the year selector, a year without records.
	wantPage(t, ts, "armorer", prod, http.StatusOK, []string{`href="` + records + `"`, "Injury records"}, nil)
	wantPage(t, ts, "crew", prod, http.StatusOK, nil, []string{`href="` + records + `"`})
	wantPage(t, ts, "safety_coordinator", records, http.StatusOK, []string{`href="` + records + "/" + previous(year) + `"`, `<td>Privacy case</td>`}, nil)
	wantPage(t, ts, "safety_coordinator", records+"/2015", http.StatusOK, []string{"Injury and illness records of 2015", "No case recorded this year.",
		"No recordable case this year.", "No employment figures for this year yet", `href="` + this + `"`}, []string{"The Cast"})
	for _, bad := range []string{"/abc", "/1999", "/02021"} {
		wantPage(t, ts, "safety_coordinator", records+bad, http.StatusNotFound, []string{"There is no such year of injury records"}, nil)
	}
}

// previous is the year before a year.
func previous(year string) string {
	y, _ := strconv.Atoi(year)
	return strconv.Itoa(y - 1)
}

// TestInjuryRecordPagesOfferWhatTheServerAllows checks, as every actor,
// that the injury records' pages offer a form exactly when the server
// takes its command from that actor: the API answers it, sent with a body
// the register refuses, 400 to whom it authorizes and 403 to others.
func TestInjuryRecordPagesOfferWhatTheServerAllows(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	day := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format("2006-01-02")
	records := prod + "/injury-records/" + day[:4]
	call := ts.caller(t)
	call("safety_coordinator", "PUT", "/api/v1"+prod+"/establishment", `{"name":"Red Mesa","ein":"85-1234567","company_name":"Dry Gulch Pictures LLC",`+
		`"street":"1 Cerrillos Rd","city":"Santa Fe","state":"NM","zip":"87505","naics":"512110"}`, http.StatusOK)
	inc := incidentByAPI(t, ts, "cast", incident.KindInjury, "Cut hand on the edge of a flat")
	one := prod + "/incidents/" + inc
	_, location, _ := postForm(t, ts, "medic", one+"/injury-cases", injuryCaseForm(ts, day))
	casePage := strings.TrimSuffix(location, "?done=recorded")
	tests := []struct{ name, page, offer, method, path, body string }{
		{"record a case", one, `id="record-case"`, "POST", "/api/v1" + one + "/injury-cases", `{"employee":""}`},
		{"correct a case", casePage, `id="case-form"`, "POST", "/api/v1" + casePage + "/correction", `{"employee":""}`},
		{"set the establishment", records, `id="change-establishment"`, "PUT", "/api/v1" + prod + "/establishment", `{"name":""}`},
		{"set the year's figures", records, `id="change-establishment"`, "PUT", "/api/v1" + prod + "/establishment/years/" + day[:4], `{}`},
		{"read the 301", records, `id="form-301"`, "GET", "/api/v1" + records + "/301.pdf", ""},
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
			got, answer := ts.call(t, actor, tt.method, tt.path, tt.body)
			allowed := got == http.StatusBadRequest || tt.method == "GET" && got == http.StatusOK
			if got != http.StatusForbidden && !allowed {
				t.Fatalf("%s as %s: %d %s, want 400 or 403", tt.name, actor, got, answer)
			}
			if offered != allowed {
				t.Errorf("%s as %s: the page offers it: %v; the server takes it: %v (%d %s)", tt.name, actor, offered, allowed, got, answer)
			}
			if seen[tt.name] == nil {
				seen[tt.name] = map[bool]int{}
			}
			seen[tt.name][allowed]++
		}
	}
	for _, tt := range tests {
		if seen[tt.name][true] == 0 || seen[tt.name][false] == 0 {
			t.Errorf("%s: %d actors may and %d may not, among those who see its page: the check shows nothing", tt.name, seen[tt.name][true], seen[tt.name][false])
		}
	}
}

// TestInjuryCaseFormRefusesWhatTheLogWould: a case the 300 would refuse
// (a mental illness typed as an injury) is refused by the form, saying
// what to change, and the year's log stays whole.
func TestInjuryCaseFormRefusesWhatTheLogWould(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	ts.caller(t)("safety_coordinator", "PUT", "/api/v1"+prod+"/establishment", `{"name":"Red Mesa","ein":"85-1234567","company_name":"Dry Gulch Pictures LLC",`+
		`"street":"1 Cerrillos Rd","city":"Santa Fe","state":"NM","zip":"87505","naics":"512110"}`, http.StatusOK)
	inc := incidentByAPI(t, ts, "crew", incident.KindInjury, "Panic attack on the rig")
	form := injuryCaseForm(ts, "2020-12-30")
	form.Set("privacy", "mental_illness")
	status, _, body := postForm(t, ts, "medic", prod+"/incidents/"+inc+"/injury-cases", form)
	if status == http.StatusSeeOther || !strings.Contains(body, "mental illness") {
		t.Fatalf("the case was taken, or the form does not say why not: %d\n%s", status, body)
	}
	wantPage(t, ts, "safety_coordinator", prod+"/injury-records/2020", http.StatusOK, nil, []string{`id="problem"`, "Case 2020-001"})
}

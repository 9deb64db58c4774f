package http_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// crewFixture is a crew list with five rows: three new people, one without
// a name (row 4), and the producer who is on the list already.
var crewFixture = filepath.Join("..", "crewlist", "testdata", "crew-with-bad-row.csv")

// peopleNow lists the people of red-mesa through the JSON API.
func peopleNow(t *testing.T, ts *testServer) []sshttp.PersonView {
	t.Helper()
	status, body := ts.call(t, "producer", "GET", "/api/v1/productions/red-mesa/people", "")
	if status != http.StatusOK {
		t.Fatalf("list people: %d %s", status, body)
	}
	return decode[sshttp.PeopleList](t, body).People
}

// named returns the people with a name.
func named(people []sshttp.PersonView, name string) []sshttp.PersonView {
	var out []sshttp.PersonView
	for _, p := range people {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

func TestBrowserPeople(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	prod := "/api/v1/productions/red-mesa"
	cast, crew := ts.ids["cast"], ts.ids["crew"]
	// The clock stands at 2021-10-21: the performer's course expired last
	// year, the grip's permit expires in two weeks.
	for _, c := range []struct{ path, body string }{
		{prod + "/people/" + cast + "/trainings", `{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2019-01-10","expires":"2020-01-10"}`},
		{prod + "/people/" + crew + "/permits", `{"kind":"pyrotechnics","number":"PY-7","issuer":"State of New Mexico","expires":"2021-11-04"}`},
	} {
		if status, body := ts.call(t, "safety_coordinator", "POST", c.path, c.body); status != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", c.path, status, body)
		}
	}
	before := len(peopleNow(t, ts))
	p := newPhone(t, ts.URL)

	// From the production's home, People is the producer's first task.
	signInAs(p, "producer", "/productions/red-mesa")
	p.wantText(".tiles li:first-child .tile", "People")
	if status := p.tap(`.tiles li:first-child .tile`); status != http.StatusOK {
		t.Fatalf("People tile: status %d", status)
	}
	p.wantPath("/productions/red-mesa/people")
	p.screenshot("people")
	p.wantText(`.card.person.expired[href$="`+cast+`"]`, "Expired: Firearm safety for performers")
	p.wantText(`.card.person.soon[href$="`+crew+`"]`, "Expires within 30 days: pyrotechnics")
	p.wantText(`.card.person[href$="`+cast+`"]`, "cast@example.com")
	p.wantAccessible("people")
	p.wantFits()

	// Narrowed to one role.
	if status := p.open("/productions/red-mesa/people?role=armorer"); status != http.StatusOK {
		t.Fatalf("filter: status %d", status)
	}
	if n := runOn(p, "cards", chromedp.Evaluate[int](`document.querySelectorAll("#people .card").length`)); n != 1 {
		t.Errorf("the armorers are %d people, want 1", n)
	}
	p.wantText("#people", "The Armorer")

	// Typing a name narrows the list as one types.
	p.open("/productions/red-mesa/people")
	p.typeInto("#q", "the cast")
	p.do("wait for the list", chromedp.WaitNotPresent(chromedp.CSS(`#people a[href$="`+crew+`"]`)))
	p.wantText("#people", "The Cast")
	if _, q := p.location(); q.Get("q") != "the cast" {
		t.Errorf("after typing, the address has q=%q", q.Get("q"))
	}

	// Import a crew list with a row without a name: the preview shows it.
	p.open("/productions/red-mesa/people")
	file, err := filepath.Abs(crewFixture)
	if err != nil {
		t.Fatal(err)
	}
	p.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
	if status := p.tap(`form[action$="/people/import"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("preview: status %d: %s", status, p.text("main"))
	}
	p.screenshot("import preview")
	p.wantText("#problem", "Row 4: No name; every person needs one")
	p.wantText("#to-add", "Nia Brooks")
	p.wantText("#to-add", "Assistant armorer")
	// The producer is on the production already: the list gives them a
	// department and a job title they did not have, and leaves the others
	// out, who stay.
	p.wantText("#to-update", "The Producer")
	p.wantText("#to-update", "Producer")
	p.wantText("#no-longer-listed", "The Armorer")
	p.wantText(`form[action$="/import/confirm"] button`, "Import 3 people and change the details of 1")
	p.wantAccessible("import preview")
	p.wantFits()
	if got := len(peopleNow(t, ts)); got != before {
		t.Fatalf("the preview added people: %d, were %d", got, before)
	}

	if status := p.tap(`form[action$="/import/confirm"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("import: status %d: %s", status, p.text("main"))
	}
	p.wantPath("/productions/red-mesa/people")
	p.wantText(".done", "People added: 3.")
	p.wantText(".done", "People whose details changed: 1.")
	p.screenshot("imported")
	after := peopleNow(t, ts)
	if len(after) != before+3 {
		t.Errorf("after the import there are %d people, want %d", len(after), before+3)
	}
	for name, role := range map[string]setsafe.Role{"Nia Brooks": setsafe.RoleCrew, "Omar Haddad": setsafe.RoleAssistantArmorer, "Priya Shah": setsafe.RoleCast} {
		got := named(after, name)
		if len(got) != 1 || !slices.Equal(got[0].Roles, []setsafe.Role{role}) {
			t.Errorf("%s after the import: %+v, want one, as %s", name, got, role)
		}
	}
	if got := named(after, "The Producer"); len(got) != 1 || got[0].JobTitle != "Producer" || got[0].Department != "Production" {
		t.Errorf("the producer after the import: %+v, want once, with the list's department and job title", got)
	}
	if got := named(after, "The Armorer"); len(got) != 1 || !got[0].Active {
		t.Errorf("the armorer, not on the list, after the import: %+v, want still on the production", got)
	}
	p.wantText("#people", "Omar Haddad")

	// Record a training on the performer's page.
	person := "/productions/red-mesa/people/" + cast
	p.open(person)
	p.screenshot("person")
	p.wantText("#pin-state", "No PIN yet")
	p.wantText(".record.expired", "Expired 2020-01-10")
	p.wantAccessible("person")
	p.wantFits()
	p.typeInto("#course", "Firearm safety refresher")
	p.typeInto("#provider", "CSATF")
	p.do("tick firearms", chromedp.Click(chromedp.CSS(`#act-training input[name=firearms]`)))
	p.typeInto("#hours", "4")
	p.do("completed", chromedp.SetValue(chromedp.CSS("#completed"), "2021-10-18"))
	p.screenshot("training form")
	if status := p.tap(`#act-training button[type=submit]`); status != http.StatusOK {
		t.Fatalf("record training: status %d: %s", status, p.text("main"))
	}
	p.wantPath(person)
	p.wantText(".done", "training recorded")
	p.wantText("#trainings + .records", "Firearm safety refresher")
	p.wantText("#trainings + .records", "Valid until 2023-10-18")
	p.screenshot("training recorded")
	p.wantFits()

	// A mistake comes back with what was typed.
	p.typeInto("#course", "Heights")
	p.typeInto("#provider", "Rope Access Ltd")
	p.do("completed", chromedp.SetValue(chromedp.CSS("#completed"), "2021-10-18"))
	p.do("expires", chromedp.SetValue(chromedp.CSS("#training-expires"), "2021-01-01"))
	if status := p.tap(`#act-training button[type=submit]`); status != http.StatusBadRequest {
		t.Fatalf("expiry before completion: status %d, want 400", status)
	}
	p.wantText("#problem", "expires")
	if got := p.value("#course"); got != "Heights" {
		t.Errorf("after a refusal the course field holds %q", got)
	}

	p.wantLight("people", "/productions/red-mesa/people")
	p.wantLight("person", person)

	// In the high-contrast theme for sunlight the flags still read.
	p.open("/productions/red-mesa/people")
	p.switchTheme("contrast")
	p.wantText(`.card.person.expired[href$="`+cast+`"] .flag-expired`, "Expired")
	p.screenshot("people in high contrast")
	p.wantAccessible("people in high contrast")
	p.open(person)
	p.wantAccessible("person in high contrast")
}

// upload posts a crew list file to path as actor, as the upload form does.
func upload(t *testing.T, ts *testServer, actor, path string, content []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "crew.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest("POST", ts.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+ts.tokens[actor])
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPeopleImportRefused(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			importRefused(t, newTestServer(t, b, ""))
		})
	}
}

func importRefused(t *testing.T, ts *testServer) {
	ts.seed(t)
	good, err := os.ReadFile(crewFixture)
	if err != nil {
		t.Fatal(err)
	}
	before := len(peopleNow(t, ts))
	tests := []struct {
		name, actor string
		content     []byte
		status      int
		want        string
	}{
		{"crew may not import", "crew", good, http.StatusForbidden, "people.manage"},
		{"nor the armorer", "armorer", good, http.StatusForbidden, "people.manage"},
		{"no column of names", "producer", []byte("Department,Role\nCamera,Grip\n"), http.StatusUnprocessableEntity, "No column of names"},
		{"a broken quote", "producer", []byte("Name,Department\nAna,Camera\n\"Bo,Stunts\n"), http.StatusUnprocessableEntity, "Row 3: A quoted cell is not closed"},
		{"a workbook", "producer", []byte("PK\x03\x04Name\nJose\n"), http.StatusUnprocessableEntity, "CSV UTF-8"},
		{"empty", "producer", nil, http.StatusUnprocessableEntity, "The file is empty"},
		{"too large", "producer", bytes.Repeat([]byte("x"), 1<<20+1), http.StatusUnprocessableEntity, "larger than 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/productions/red-mesa/people/import", "/productions/red-mesa/people/import/confirm"} {
				status, body := upload(t, ts, tt.actor, path, tt.content)
				if path == "/productions/red-mesa/people/import/confirm" && tt.status != http.StatusForbidden {
					continue // the confirmation carries the file in a field; see below
				}
				if status != tt.status || !strings.Contains(body, tt.want) {
					t.Errorf("POST %s: %d, want %d with %q; page: %.300s", path, status, tt.status, tt.want, body)
				}
			}
		})
	}
	if got := len(peopleNow(t, ts)); got != before {
		t.Errorf("refused uploads changed the crew list: %d people, were %d", got, before)
	}
}

// TestPeopleImportPlacesTitles imports a crew list whose titles are in
// English and Spanish: each title proposes its role, the armorer whose
// title also says props is marked in the preview (FA-4), and the title no
// table places is listed for the importer, whose choice is the role its
// people get.
func TestPeopleImportPlacesTitles(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			file, err := os.ReadFile(filepath.Join("..", "crewlist", "testdata", "titles.csv"))
			if err != nil {
				t.Fatal(err)
			}
			status, page := upload(t, ts, "producer", "/productions/red-mesa/people/import", file)
			if status != http.StatusOK {
				t.Fatalf("preview: %d %.300s", status, page)
			}
			for _, want := range []string{"Titles we could not place", `name="unplaced_title" value="Key Grip"`, "Row 9, Row 10",
				"FA-4: the job title also says Props", "Assistant armorer", "1st assistant director"} {
				if !strings.Contains(page, want) {
					t.Errorf("the preview lacks %q", want)
				}
			}
			confirm := func(role string) (int, string) {
				status, _, page := postParts(t, ts, "producer", "/productions/red-mesa/people/import/confirm",
					[][2]string{{"file", base64.StdEncoding.EncodeToString(file)}, {"unplaced_title", "Key Grip"}, {"unplaced_role", role}})
				return status, page
			}
			// A role a crew list may not propose is refused, and nobody is
			// added.
			before := len(peopleNow(t, ts))
			if status, page := confirm("producer"); status != http.StatusUnprocessableEntity || !strings.Contains(page, "Choose one of the roles offered") {
				t.Fatalf("a producer chosen for a title: %d %.300s", status, page)
			}
			if n := len(peopleNow(t, ts)); n != before {
				t.Fatalf("a refused import added %d people", n-before)
			}
			if status, page := confirm("department_head"); status != http.StatusSeeOther {
				t.Fatalf("import: %d %.300s", status, page)
			}
			want := map[string]setsafe.Role{"Hannah Reed": setsafe.RoleArmorer, "Sara Zachry": setsafe.RolePropertyMaster,
				"Kim Lee": setsafe.RoleAssistantArmorer, "Lucía Gómez": setsafe.RoleAssistantArmorer, "Pablo Ruiz": setsafe.RoleCrew,
				"Dave Halls": setsafe.RoleFirstAD, "Marta Soler": setsafe.RoleFirstAD, "Reid Russell": setsafe.RoleDepartmentHead,
				"Tom Hall": setsafe.RoleDepartmentHead, "Nina Cruz": setsafe.RoleCrew}
			found := 0
			for _, p := range peopleNow(t, ts) {
				role, ok := want[p.Name]
				if !ok {
					continue
				}
				found++
				if !slices.Equal(p.Roles, []setsafe.Role{role}) {
					t.Errorf("%s has roles %v, want %s", p.Name, p.Roles, role)
				}
				if p.Name == "Hannah Reed" && (!slices.Equal(p.TitleDuties, []setsafe.Duty{setsafe.DutyArmorer, setsafe.DutyProps}) || p.Warning == "") {
					t.Errorf("the armorer who is also props: %+v", p)
				}
				if p.Name == "Reid Russell" && (len(p.TitleDuties) != 0 || !slices.Equal(p.TitleUnplaced, []string{"Key Grip"})) {
					t.Errorf("the key grip: %+v", p)
				}
			}
			if found != len(want) {
				t.Errorf("%d of the %d people imported", found, len(want))
			}
		})
	}
}

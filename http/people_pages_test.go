package http_test

import (
	"encoding/base64"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// postForm posts a form to a page as actor, without following the
// redirect, and returns the status, the redirect and the page.
func postForm(t *testing.T, ts *testServer, actor, path string, form url.Values) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest("POST", ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return send(t, ts, actor, req)
}

// postMultipart posts fields as multipart/form-data, as the import forms
// do, in the order of their names.
func postMultipart(t *testing.T, ts *testServer, actor, path string, fields map[string]string) (int, string, string) {
	t.Helper()
	var parts [][2]string
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		parts = append(parts, [2]string{k, fields[k]})
	}
	return postParts(t, ts, actor, path, parts)
}

// send sends a request as actor ("" for someone signed out), without
// following the redirect.
func send(t *testing.T, ts *testServer, actor string, req *http.Request) (int, string, string) {
	t.Helper()
	if actor != "" {
		req.Header.Set("Authorization", "Bearer "+ts.tokens[actor])
	}
	client := *ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// page gets a page as actor.
func page(t *testing.T, ts *testServer, actor, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	status, _, body := send(t, ts, actor, req)
	return status, body
}

func TestPeoplePages(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			cast, target := ts.ids["cast"], ts.ids["target"]
			people := "/productions/red-mesa/people"

			// A crew member sees the list, without anyone's contact
			// details, and no form to change anything.
			status, body := page(t, ts, "crew", people+"/"+cast)
			if status != http.StatusOK || !strings.Contains(body, "The Cast") {
				t.Fatalf("crew reads the performer's page: %d", status)
			}
			for _, hidden := range []string{"cast@example.com", "act-training", "act-role", "act-pin", `action="` + people + `"`} {
				if strings.Contains(body, hidden) {
					t.Errorf("the crew member's view of the performer shows %q", hidden)
				}
			}
			if status, _, _ := postForm(t, ts, "crew", people+"/"+cast+"/training", url.Values{"course": {"x"}, "provider": {"y"}, "completed": {"2021-10-01"}}); status != http.StatusForbidden {
				t.Errorf("crew records a training: %d, want 403", status)
			}
			if status, _ := page(t, ts, "outsider", people); status != http.StatusForbidden {
				t.Errorf("an outsider reads the crew list: %d, want 403", status)
			}

			// The producer adds a person with a role, and grants another.
			status, loc, body := postForm(t, ts, "producer", people, url.Values{"name": {"Ana Ruiz"}, "department": {"Camera"}, "email": {"ana@redmesa.example"}, "roles": {"crew"}})
			if status != http.StatusSeeOther || !strings.Contains(loc, "done=added") {
				t.Fatalf("add a person: %d %s %.300s", status, loc, body)
			}
			ana := named(peopleNow(t, ts), "Ana Ruiz")
			if len(ana) != 1 || !slices.Equal(ana[0].Roles, []setsafe.Role{setsafe.RoleCrew}) {
				t.Fatalf("Ana after adding: %+v", ana)
			}
			if status, _, body := postForm(t, ts, "producer", people, url.Values{"name": {"Bo"}, "email": {"not-an-address"}}); status != http.StatusBadRequest ||
				!strings.Contains(body, "not an e-mail address") || !strings.Contains(body, `value="Bo"`) {
				t.Errorf("a bad e-mail address: %d, want 400 with the form kept: %.300s", status, body)
			}
			if status, loc, _ := postForm(t, ts, "producer", people+"/"+ana[0].ID+"/role", url.Values{"role": {"department_head"}}); status != http.StatusSeeOther || !strings.Contains(loc, "done=role") {
				t.Errorf("grant a role: %d %s", status, loc)
			}
			// The 1st AD manages the crew list but grants no roles.
			if status, _, _ := postForm(t, ts, "first_ad", people+"/"+ana[0].ID+"/role", url.Values{"role": {"armorer"}}); status != http.StatusForbidden {
				t.Errorf("the 1st AD grants a role: %d, want 403", status)
			}

			// A permit, and PINs: people set their own; a wrong repeat is
			// refused; no page ever shows the PIN.
			if status, loc, body := postForm(t, ts, "safety_coordinator", people+"/"+target+"/permit",
				url.Values{"kind": {"pyrotechnics"}, "number": {"PY-7"}, "issuer": {"State of New Mexico"}, "expires": {"2021-11-04"}}); status != http.StatusSeeOther {
				t.Errorf("record a permit: %d %s %.300s", status, loc, body)
			}
			if _, body := page(t, ts, "producer", people+"/"+target); !strings.Contains(body, "Expires 2021-11-04, within 30 days") || !strings.Contains(body, "PY-7") {
				t.Errorf("the permit does not show as expiring soon: %.2000s", body)
			}
			if _, body := page(t, ts, "crew", people+"/"+target); strings.Contains(body, "PY-7") {
				t.Error("the crew member sees the permit's number")
			}
			if status, _, body := postForm(t, ts, "cast", people+"/"+cast+"/pin", url.Values{"pin": {"4827"}, "pin_again": {"4828"}}); status != http.StatusBadRequest || !strings.Contains(body, "The two PINs differ") {
				t.Errorf("PINs that differ: %d %.300s", status, body)
			}
			if status, _, _ := postForm(t, ts, "cast", people+"/"+cast+"/pin", url.Values{"pin": {"4827"}, "pin_again": {"4827"}}); status != http.StatusSeeOther {
				t.Errorf("set my own PIN: %d", status)
			}
			if status, _, _ := postForm(t, ts, "crew", people+"/"+cast+"/pin", url.Values{"pin": {"7391"}, "pin_again": {"7391"}}); status != http.StatusForbidden {
				t.Errorf("crew sets the performer's PIN: %d, want 403", status)
			}
			if _, body := page(t, ts, "investigator", people+"/"+ts.ids["investigator"]); strings.Contains(body, "act-pin") {
				t.Error("an investigator, who changes nothing, is offered to set a PIN")
			}
			status, body = page(t, ts, "producer", people+"/"+cast)
			if status != http.StatusOK || !strings.Contains(body, "PIN set.") || strings.Contains(body, "4827") {
				t.Errorf("after setting the PIN the page says: %d %.300s", status, body)
			}

			// The 1st AD imports a crew list: people are added, without
			// roles, which the 1st AD may not grant.
			csv, err := os.ReadFile(crewFixture)
			if err != nil {
				t.Fatal(err)
			}
			status, _, body = postMultipart(t, ts, "first_ad", people+"/import/confirm", map[string]string{"file": base64.StdEncoding.EncodeToString(csv)})
			if status != http.StatusSeeOther {
				t.Fatalf("import as the 1st AD: %d %.500s", status, body)
			}
			for _, name := range []string{"Nia Brooks", "Omar Haddad", "Priya Shah"} {
				if got := named(peopleNow(t, ts), name); len(got) != 1 || len(got[0].Roles) != 0 {
					t.Errorf("%s after the 1st AD's import: %+v, want one, without roles", name, got)
				}
			}
			// Imported again, nobody is added twice.
			before := len(peopleNow(t, ts))
			if status, loc, _ := postMultipart(t, ts, "producer", people+"/import/confirm", map[string]string{"file": base64.StdEncoding.EncodeToString(csv)}); status != http.StatusSeeOther || !strings.Contains(loc, "n=0") {
				t.Errorf("the same list again: %d %s", status, loc)
			}
			if got := len(peopleNow(t, ts)); got != before {
				t.Errorf("the same list again added %d people", got-before)
			}
			if status, _, body := postMultipart(t, ts, "producer", people+"/import/confirm", map[string]string{"file": "%%%"}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "upload the file again") {
				t.Errorf("a damaged confirmation: %d %.300s", status, body)
			}
		})
	}
}

// TestPersonPageTitleDuties checks the place on a person's page where an
// armorer's title that says another duty is shown (FA-4), and where
// someone who grants the armorer role records that it does not mean it
// here.
func TestPersonPageTitleDuties(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			armorer := ts.ids["armorer"]
			path := "/productions/red-mesa/people/" + armorer
			if status, body := ts.call(t, "unit_production_manager", "PATCH", "/api/v1/productions/red-mesa/people/"+armorer,
				`{"job_title":"Armero y utilero"}`); status != http.StatusOK {
				t.Fatalf("title change: %d %s", status, body)
			}
			_, body := page(t, ts, "unit_production_manager", path)
			for _, want := range []string{`id="title-conflict"`, "FA-4: the job title also says Props", `id="act-title-duties"`,
				`name="job_title" value="Armero y utilero"`, `name="duties" value="props"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the person page lacks %q", want)
				}
			}
			// The 1st AD sees the conflict but cannot rule on it.
			if _, body := page(t, ts, "first_ad", path); !strings.Contains(body, `id="title-conflict"`) || strings.Contains(body, `id="act-title-duties"`) {
				t.Errorf("the 1st AD's page: conflict shown %v, form shown %v", strings.Contains(body, `id="title-conflict"`), strings.Contains(body, `id="act-title-duties"`))
			}
			// Without a reason, the page comes back with the problem.
			form := url.Values{"job_title": {"Armero y utilero"}, "duties": {"props"}}
			if status, _, body := postForm(t, ts, "unit_production_manager", path+"/title-duties", form); status != http.StatusBadRequest || !strings.Contains(body, "reason") {
				t.Fatalf("no reason: %d %.300s", status, body)
			}
			form.Set("reason", "Props is Lee's; the title is from the agency")
			status, where, body := postForm(t, ts, "unit_production_manager", path+"/title-duties", form)
			if status != http.StatusSeeOther || !strings.HasSuffix(where, "?done=title-duties") {
				t.Fatalf("ruling: %d %s %.300s", status, where, body)
			}
			_, body = page(t, ts, "unit_production_manager", path+"?done=title-duties")
			if strings.Contains(body, `id="title-conflict"`) || !strings.Contains(body, "Recorded as not meant on this production: Props") {
				t.Errorf("after the ruling the page reads: %.2000s", body)
			}
		})
	}
}

package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestReadOnlyRecordsNothing has the investigator try, through the API and
// the page forms, every report and firearm action a crew member may send:
// each answers 403 and the ledgers do not grow, not even by the record of
// a refused attempt. Once the same person is crew as well, they report
// and stop work like any crew member.
func TestReadOnlyRecordsNothing(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			api := "/api/v1/productions/red-mesa"
			pages := "/productions/red-mesa"
			firearm, me := ts.ids["firearm"], ts.ids["investigator"]
			meeting := setsafe.NewID()
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.HoldMeeting{ID: meeting, Topics: []string{"Fire exits"}, By: ts.ids["first_ad"]}))
			concern := `{"category":"firearms","severity":"critical","description":"Live rounds on the props cart","mode":"%s"}`
			calls := []struct{ method, path, body string }{
				{"POST", api + "/concerns", strings.ReplaceAll(concern, "%s", "named")},
				{"POST", api + "/concerns", strings.ReplaceAll(concern, "%s", "confidential")},
				{"POST", api + "/stop-works", `{"scope":"production","reason":"Rounds unaccounted for"}`},
				{"POST", api + "/firearms/" + firearm + "/discharges", `{"kind":"negligent_discharge","description":"Went off in the holster"}`},
				{"POST", api + "/live-rounds", `{"description":"Does not rattle"}`},
				{"POST", api + "/firearms", `{"make":"Colt","model":"SAA","serial":"9","kind":"blank_firing","calibre":".45 Colt","chambers":6,"owner":"PDQ","store":"truck"}`},
				{"POST", api + "/ammo-lots", `{"label":"B-9","kind":"blank","calibre":".45 Colt","source":"PDQ","headstamp":"PDQ","count":10,"origin":{"kind":"factory","maker":"PDQ","product":"45 quarter"}}`},
				{"POST", api + "/firearms/" + firearm + "/unsecure", ""},
				{"POST", api + "/firearms/" + firearm + "/handover", `{"to":"` + ts.ids["cast"] + `","giver_pin":"2580","receiver_pin":"2580"}`},
				{"POST", api + "/firearms/" + firearm + "/load", `{"lot_id":"` + ts.ids["lot"] + `","rounds":6}`},
				{"POST", api + "/firearms/" + firearm + "/check", `{"action":"unsecure"}`},
				{"PUT", api + "/people/" + me + "/pin", `{"pin":"7391"}`},
			}
			forms := []struct {
				path string
				form url.Values
			}{
				{pages + "/concerns/new", url.Values{"category": {"firearms"}, "severity": {"critical"}, "description": {"Live rounds"}, "mode": {"named"}}},
				{pages + "/concerns/new", url.Values{"category": {"firearms"}, "severity": {"critical"}, "description": {"Live rounds"}, "mode": {"confidential"}}},
				{pages + "/today/stop-work", url.Values{"scope": {"production"}, "reason": {"Rounds unaccounted for"}}},
				{pages + "/today/meeting/" + meeting + "/attend", url.Values{"person": {me}}},
				{pages + "/armory/firearms", url.Values{"make": {"Colt"}, "model": {"SAA"}, "serial": {"9"}, "kind": {"blank_firing"}, "calibre": {".45 Colt"},
					"chambers": {"6"}, "owner": {"PDQ"}, "store": {"truck"}}},
				{pages + "/firearms/" + firearm + "/unsecure", url.Values{}},
				{pages + "/firearms/" + firearm + "/issue", url.Values{"to": {ts.ids["cast"]}, "pin": {"2580"}}},
				{pages + "/firearms/" + firearm + "/load", url.Values{"lot": {ts.ids["lot"]}, "rounds": {"6"}}},
				{pages + "/people/" + me + "/pin", url.Values{"pin": {"7391"}, "pin_again": {"7391"}}},
			}
			for _, c := range calls {
				before := ledgerSizes(t, ts)
				status, body := ts.call(t, "investigator", c.method, c.path, c.body)
				if status != http.StatusForbidden || errorOf(t, body).Code != setsafe.EForbidden {
					t.Errorf("%s %s as the investigator: %d %s, want 403", c.method, c.path, status, compact(body))
				}
				if after := ledgerSizes(t, ts); after != before {
					t.Errorf("%s %s as the investigator: the ledgers grew from %v to %v", c.method, c.path, before, after)
				}
			}
			for _, f := range forms {
				before := ledgerSizes(t, ts)
				if status, _, page := postForm(t, ts, "investigator", f.path, f.form); status != http.StatusForbidden || !strings.Contains(page, "only read") {
					t.Errorf("POST %s as the investigator: %d, want 403 saying their roles only read: %.400s", f.path, status, page)
				}
				if after := ledgerSizes(t, ts); after != before {
					t.Errorf("POST %s as the investigator: the ledgers grew from %v to %v", f.path, before, after)
				}
			}
			// The pages offer neither the stop-work button, nor the report
			// form, nor the firearm's actions to someone who cannot use them.
			for _, p := range []struct{ path, button, other string }{{pages + "/today", `class="button stop-work"`, "crew"},
				{pages + "/concerns", "report-button", "crew"}, {pages + "/firearms/" + firearm, `/unsecure"`, "property_master"}} {
				if _, page := pageAs(t, ts, "investigator", p.path); strings.Contains(page, p.button) {
					t.Errorf("%s offers the investigator %s", p.path, p.button)
				}
				if _, page := pageAs(t, ts, p.other, p.path); !strings.Contains(page, p.button) {
					t.Errorf("%s does not offer the %s %s", p.path, p.other, p.button)
				}
			}

			// An investigator who is crew too keeps the crew's rights.
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.GrantRole{PersonID: me, Role: setsafe.RoleCrew}))
			must := ts.caller(t)
			must("investigator", "POST", api+"/concerns", strings.ReplaceAll(concern, "%s", "confidential"), http.StatusCreated)
			must("investigator", "POST", api+"/stop-works", `{"scope":"production","reason":"Rounds unaccounted for"}`, http.StatusCreated)
			if status, _, loc := postForm(t, ts, "investigator", pages+"/today/meeting/"+meeting+"/attend", url.Values{"person": {me}}); status != http.StatusSeeOther {
				t.Errorf("an investigator who is crew confirms their own attendance: %d to %q", status, loc)
			}
		})
	}
}

// pageAs gets a page as actor, failing the test unless it answers 200.
func pageAs(t *testing.T, ts *testServer, actor, path string) (int, string) {
	t.Helper()
	status, body := page(t, ts, actor, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s as %s: %d %.300s", path, actor, status, body)
	}
	return status, body
}

// TestSiteAdministratorWithoutAPersonIsToldWhatToDo has a site
// administrator, who holds no person in the production, raise a concern
// by name and confidentially through the API and the form: each is a 403
// that says how to report instead, and nothing is recorded.
func TestSiteAdministratorWithoutAPersonIsToldWhatToDo(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			for _, mode := range []string{"confidential", "named"} {
				before := ledgerSizes(t, ts)
				status, body := ts.call(t, "site_admin", "POST", "/api/v1/productions/red-mesa/concerns",
					`{"category":"firearms","severity":"critical","description":"Live rounds on the props cart","mode":"`+mode+`"}`)
				if e := errorOf(t, body); status != http.StatusForbidden || !strings.Contains(e.Message, "anonymously") || !strings.Contains(e.Message, "add you") {
					t.Errorf("API, %s: %d %s, want 403 saying what to do", mode, status, compact(body))
				}
				status, _, page := postForm(t, ts, "site_admin", "/productions/red-mesa/concerns/new",
					url.Values{"category": {"firearms"}, "severity": {"critical"}, "description": {"Live rounds"}, "mode": {mode}})
				if status != http.StatusForbidden || !strings.Contains(page, "anonymously") {
					t.Errorf("form, %s: %d, want 403 saying what to do: %.400s", mode, status, page)
				}
				if after := ledgerSizes(t, ts); after != before {
					t.Errorf("%s: the ledgers grew from %v to %v", mode, before, after)
				}
			}
		})
	}
}

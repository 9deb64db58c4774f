package http_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestCrewListReimport imports a crew list through the pages, then the
// same list a week later through the API: the preview shows the changes
// and who is no longer on the list, the import records the changes as
// person.updated entries with their reason, nobody is removed, and the
// same request sent again with its key records nothing more.
func TestCrewListReimport(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "crewlist", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	week1, week2 := read("week1.csv"), read("week2.csv")
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			const people = "/productions/red-mesa/people"
			const api = "/api/v1/productions/red-mesa/crew-list"
			status, loc, body := postMultipart(t, ts, "producer", people+"/import/confirm", map[string]string{"file": base64.StdEncoding.EncodeToString(week1)})
			if status != http.StatusSeeOther || !strings.Contains(loc, "n=5") {
				t.Fatalf("first import: %d %s %.500s", status, loc, body)
			}
			before := len(peopleNow(t, ts))

			// The page's preview of the new list.
			status, _, body = postFile(t, ts, "producer", people+"/import", "week2.csv", week2)
			if status != http.StatusOK {
				t.Fatalf("preview: %d %.500s", status, body)
			}
			for _, want := range []string{`id="to-update"`, "505-555-0101 → 505-555-0111", "kim@redmesa.example → kim.lee@redmesa.example",
				`id="no-longer-listed"`, "Dave Halls", "Phone kept as written: 505-555-0138 / 505-555-0199", "Nina Cruz"} {
				if !strings.Contains(body, want) {
					t.Errorf("the preview lacks %q", want)
				}
			}

			// The API's preview: the same plan, nothing changed.
			req, _ := json.Marshal(sshttp.CrewListImport{File: week2})
			status, resp := ts.call(t, "producer", "POST", api+"/preview", string(req))
			if status != http.StatusOK {
				t.Fatalf("API preview: %d %s", status, resp)
			}
			plan := decode[sshttp.CrewListPlan](t, resp)
			var updated, gone []string
			for _, u := range plan.Update {
				updated = append(updated, u.Name)
			}
			for _, p := range plan.NoLongerListed {
				gone = append(gone, p.Name)
			}
			if len(plan.Add) != 1 || plan.Add[0].Name != "Nina Cruz" || !slices.Equal(updated, []string{"Hannah Reed", "Kim Lee", "Sara Zachry"}) ||
				!slices.Contains(gone, "Dave Halls") || len(plan.Warnings) != 1 || len(plan.Unchanged) != 1 {
				t.Errorf("plan: %s", resp)
			}
			if got := len(peopleNow(t, ts)); got != before {
				t.Fatalf("the preview changed the crew list: %d people, were %d", got, before)
			}
			// Only those who manage the crew list preview it.
			if status, _ := ts.call(t, "crew", "POST", api+"/preview", string(req)); status != http.StatusForbidden {
				t.Errorf("crew previews a crew list: %d, want 403", status)
			}

			// The import, sent twice with one key.
			key := "crew-list-week-2-import"
			first := ts.keyedCall(t, "producer", "POST", api+"/import", key, string(req))
			if first.status != http.StatusOK {
				t.Fatalf("import: %d %s", first.status, first.body)
			}
			res := decode[sshttp.CrewListResult](t, first.body)
			if len(res.Added) != 1 || len(res.Updated) != 3 || len(res.Failed) != 0 || !slices.ContainsFunc(res.NoLongerListed, func(p sshttp.CrewListPerson) bool { return p.Name == "Dave Halls" }) {
				t.Errorf("import answered %s", first.body)
			}
			again := ts.keyedCall(t, "producer", "POST", api+"/import", key, string(req))
			if again.status != http.StatusOK || string(again.body) != string(first.body) {
				t.Errorf("the import sent again: %d %s", again.status, again.body)
			}
			after := peopleNow(t, ts)
			if len(after) != before+1 {
				t.Errorf("after the import %d people, want %d", len(after), before+1)
			}
			check := func(name, email, phone string) {
				t.Helper()
				got := named(after, name)
				if len(got) != 1 || got[0].Email != email || got[0].Phone != phone || !got[0].Active {
					t.Errorf("%s after the import: %+v, want %s, %s", name, got, email, phone)
				}
			}
			check("Hannah Reed", "hannah@redmesa.example", "505-555-0111")
			// A blank phone keeps the known one.
			check("Kim Lee", "kim.lee@redmesa.example", "505-555-0102")
			check("Sara Zachry", "sara@redmesa.example", "505-555-0104")
			check("Nina Cruz", "nina@redmesa.example", "505-555-0138 / 505-555-0199")
			check("Dave Halls", "dave@redmesa.example", "505-555-0103")

			// The ledger has each change with its reason, once.
			status, resp = ts.call(t, "producer", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", "")
			if status != http.StatusOK {
				t.Fatalf("entries: %d %s", status, resp)
			}
			reasons := 0
			for _, e := range decode[sshttp.EntriesView](t, resp).Entries {
				var body struct{ Reason string }
				if e.Type == "person.updated" && json.Unmarshal(e.Body, &body) == nil && body.Reason == "Crew list re-import" {
					reasons++
				}
			}
			if reasons != 3 {
				t.Errorf("%d person.updated entries with the re-import's reason, want 3", reasons)
			}

			// The flag on the page of a phone that is not one number.
			nina := named(after, "Nina Cruz")
			if len(nina) == 1 {
				if _, body := page(t, ts, "producer", people+"/"+nina[0].ID); !strings.Contains(body, `id="phone-as-written"`) {
					t.Error("the person page does not flag a phone kept as written")
				}
			}
			// A workbook, sent as it is, is read from its first sheet.
			status, _, body = postBody(t, ts, "producer", api+"/preview", "application/octet-stream", string(read("crew.xlsx")))
			if status != http.StatusOK || decode[sshttp.CrewListPlan](t, []byte(body)).Encoding != "Excel workbook" || !strings.Contains(body, "Łukasz Wróbel") {
				t.Errorf("a workbook's preview: %d %.500s", status, body)
			}
			// A damaged one is refused with what to do.
			status, resp = ts.call(t, "producer", "POST", api+"/preview", `{"file":"`+base64.StdEncoding.EncodeToString([]byte("PK\x03\x04rest"))+`"}`)
			if status != http.StatusUnprocessableEntity && status != http.StatusBadRequest || !strings.Contains(string(resp), "CSV UTF-8") {
				t.Errorf("a workbook: %d %s", status, resp)
			}
		})
	}
}

// postFile posts a file in the multipart field file, as a browser
// uploads it.
func postFile(t *testing.T, ts *testServer, actor, path, name string, data []byte) (int, string, string) {
	t.Helper()
	var body strings.Builder
	const boundary = "crewlistboundary"
	body.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: text/csv\r\n\r\n")
	body.Write(data)
	body.WriteString("\r\n--" + boundary + "--\r\n")
	return postBody(t, ts, actor, path, "multipart/form-data; boundary="+boundary, body.String())
}

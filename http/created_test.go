package http_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/storagetest"
)

// TestEveryCreationSaysWhere makes one of everything the API creates, on
// both databases: each answer 201 names in Location the path of what it
// made, which the same caller reads with GET (the contract's readBack
// checks every 201 of every test so); sent again with its Idempotency-Key,
// whether its first answer was kept or not, it names the same place. Every
// route the document says answers 201 is tried.
func TestEveryCreationSaysWhere(t *testing.T) {
	jpeg, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tried := map[string]bool{}
			where := func(route, path string, a answer) string {
				t.Helper()
				if a.status != http.StatusCreated || a.location == "" {
					t.Fatalf("POST %s: %d, Location %q: %s", path, a.status, a.location, compact(a.body))
				}
				tried[route] = true
				return a.location
			}

			// Setting up the site signs its first administrator in.
			fresh := newTestServer(t, b, "a setup token of some length")
			where("/api/v1/setup", "/api/v1/setup", fresh.keyedCall(t, "", "POST", "/api/v1/setup", "",
				`{"token":"a setup token of some length","email":"ada@example.com","name":"Ada","password":"long enough password"}`))

			ts := newTestServer(t, b, "", shortWait)
			ts.seed(t)
			must := ts.caller(t)
			const prod = "/api/v1/productions/{production}"
			red := "/api/v1/productions/red-mesa"
			create := func(actor, route, body string) string {
				t.Helper()
				path := strings.ReplaceAll(strings.ReplaceAll(route, "{production}", "red-mesa"), "{firearm}", ts.ids["firearm"])
				path = strings.ReplaceAll(path, "{person}", ts.ids["cast"])
				return where(route, path, ts.keyedCall(t, actor, "POST", path, "", body))
			}
			file := func(actor, route, id, contentType, data string) string {
				t.Helper()
				path := strings.NewReplacer("{production}", "red-mesa", "{firearm}", id, "{training}", id, "{permit}", id, "{permission}", id, "{setup}", id).Replace(route)
				status, location, body := postBody(t, ts, actor, path, contentType, data)
				return where(route, path, answer{status: status, location: location, body: []byte(body)})
			}
			id := func(location string) string { return location[strings.LastIndex(location, "/")+1:] }

			create("site_admin", "/api/v1/accounts", `{"email":"new@example.com","name":"New Person"}`)
			create("crew", "/api/v1/tokens", `{"name":"script"}`)
			create("site_admin", "/api/v1/productions", `{"id":"dust-devil","name":"Dust Devil","time_zone":"America/Denver"}`)
			create("first_ad", prod+"/people", `{"name":"Day Player"}`)
			must("producer", "PUT", red+"/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`, http.StatusOK)
			create("armorer", prod+"/firearms", `{"make":"Colt","model":"SAA","serial":"9","kind":"blank_firing","calibre":".45 Colt","chambers":6,"owner":"PDQ","store":"truck"}`)
			create("armorer", prod+"/ammo-lots", `{"label":"B-9","kind":"blank","calibre":".45 Colt","source":"PDQ","headstamp":"PDQ","count":10,"origin":{"kind":"factory","maker":"PDQ","product":"45 quarter"}}`)
			training := create("safety_coordinator", prod+"/people/{person}/trainings", `{"course":"Firearm safety","provider":"CSATF","firearms":true,"completed":"2021-10-10"}`)
			permit := create("safety_coordinator", prod+"/people/{person}/permits", `{"kind":"armorer","number":"X-1","issuer":"State","expires":"2030-01-01"}`)
			create("first_ad", prod+"/meetings", `{"topics":["Firearms"],"walk_through":true}`)
			concern := create("crew", prod+"/concerns", `{"category":"other","severity":"normal","description":"Loose cable","mode":"confidential"}`)
			where(prod+"/concerns/{concern}/answers", concern+"/answers", ts.keyedCall(t, "safety_coordinator", "POST", concern+"/answers", "", `{"text":"On it"}`))
			where(prod+"/concerns/{concern}/replies", concern+"/replies", ts.keyedCall(t, "crew", "POST", concern+"/replies", "", `{"text":"Thanks"}`))
			receipt := ts.keyedCall(t, "", "POST", "/api/v1/report/red-mesa/concerns", "", `{"category":"other","severity":"normal","description":"Loose cable"}`)
			where("/api/v1/report/{production}/concerns", "/api/v1/report/red-mesa/concerns", receipt)
			where("/api/v1/report/{production}/receipt/replies", "/api/v1/report/red-mesa/receipt/replies", ts.keyedCall(t, "", "POST", "/api/v1/report/red-mesa/receipt/replies", "",
				`{"code":"`+decode[sshttp.ReceiptResult](t, receipt.body).Code+`","text":"It was the second prop case."}`))
			create("first_ad", prod+"/setups", `{"scene":"42","name":"Scene 42","hazards":["firearms"]}`)
			create("crew", prod+"/stop-works", `{"scope":"hazard","hazard":"water","reason":"no safety divers"}`)
			create("crew", prod+"/live-rounds", `{"description":"does not rattle"}`)
			create("armorer", prod+"/firearms/{firearm}/discharges", `{"kind":"misfire","description":"no report"}`)
			create("armorer", prod+"/reconciliations", `{"counts":[]}`)
			file("armorer", prod+"/firearms/{firearm}/photos", ts.ids["firearm"], "image/jpeg", string(jpeg))
			file("safety_coordinator", prod+"/trainings/{training}/evidence", id(training), "application/pdf", certificate)
			file("safety_coordinator", prod+"/permits/{permit}/evidence", id(permit), "image/jpeg", string(jpeg))
			lamy := create("location_manager", prod+"/locations", `{"name":"Lamy siding"}`)
			create("location_manager", prod+"/permissions/refusals", `{"kind":"track_access","issuer":"SFS","reason":"Freight","location_id":"`+id(lamy)+`"}`)
			permission := create("location_manager", prod+"/permissions", `{"kind":"track_access","issuer":"SFS","valid_until":"2040-01-01","location_id":"`+id(lamy)+`"}`)
			file("location_manager", prod+"/permissions/{permission}/document", id(permission), "application/pdf", certificate)
			trestle := id(create("first_ad", prod+"/setups", `{"scene":"7","name":"Scene 7: the trestle","hazards":["railroad"]}`))
			file("safety_coordinator", prod+"/setups/{setup}/documents", trestle, "application/pdf", certificate)
			where(prod+"/setups/{setup}/preparations", red+"/setups/"+trestle+"/preparations", ts.keyedCall(t, "railroad_representative", "POST", red+"/setups/"+trestle+"/preparations", "",
				`{"kind":"track_window","ready":true,"window_from":"2021-10-21T08:00:00-06:00","window_until":"2021-10-21T20:00:00-06:00","confirmed_by":"BNSF dispatcher"}`))
			incident := create("cast", prod+"/incidents", `{"kind":"near_miss"}`)
			where(prod+"/incidents/{incident}/actions", incident+"/actions", ts.keyedCall(t, "safety_coordinator", "POST", incident+"/actions", "",
				`{"what":"Sandbag the stands","owner":"`+ts.ids["crew"]+`","due":"2040-01-01"}`))
			where(prod+"/incidents/{incident}/injury-cases", incident+"/injury-cases", ts.keyedCall(t, "medic", "POST", incident+"/injury-cases", "",
				`{"employee":"`+ts.ids["cast"]+`","job_title":"Actor","where":"Stage 2","injury":"Cut","case_type":"injury","work_related":true,"new_case":true}`))
			create("producer", prod+"/witnesses", `{"url":"https://witness.union.example.org","key":"`+witnessKey+`"}`)
			status, location, body := postBody(t, ts, "cast", incident+"/evidence", "image/jpeg", string(jpeg))
			where(prod+"/incidents/{incident}/evidence", incident+"/evidence", answer{status: status, location: location, body: []byte(body)})

			// A compliance attestation of the days gone by.
			must("producer", "PUT", red+"/safety", `{"profile":"us"}`, http.StatusOK)
			ts.env.Clock.Advance(48 * time.Hour)
			denver, err := time.LoadLocation("America/Denver")
			if err != nil {
				t.Fatal(err)
			}
			today := ts.env.Clock.Now().In(denver).Format(time.DateOnly)
			create("producer", prod+"/attestations", `{"from":"2021-10-01","to":"`+today+`"}`)

			for path, item := range api.OpenAPI("dev")["paths"].(map[string]any) {
				for method, op := range item.(map[string]any) {
					if op.(map[string]any)["responses"].(map[string]any)["201"] != nil && !tried[path] {
						t.Errorf("%s %s answers 201 but was not tried", strings.ToUpper(method), path)
					}
				}
			}

			// Sent again: the first answer, kept, and the answer rebuilt
			// from the record after the server stopped before keeping it.
			const key = "a-day-players-key-once"
			people := red + "/people"
			first := where(prod+"/people", people, ts.keyedCall(t, "first_ad", "POST", people, key, `{"name":"Second Day Player"}`))
			if again := where(prod+"/people", people, ts.keyedCall(t, "first_ad", "POST", people, key, `{"name":"Second Day Player"}`)); again != first {
				t.Errorf("sent again: Location %s, first %s", again, first)
			}
			forgetAnswers(t, ts)
			ts.env.Clock.Advance(2 * time.Minute)
			if rebuilt := where(prod+"/people", people, ts.keyedCall(t, "first_ad", "POST", people, key, `{"name":"Second Day Player"}`)); rebuilt != first {
				t.Errorf("sent again after the server stopped: Location %s, first %s", rebuilt, first)
			}
		})
	}
}

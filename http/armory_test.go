package http_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/pdf/pdftest"
	"github.com/setsafe/setsafe/photo/phototest"
	"github.com/setsafe/setsafe/storagetest"
)

// TestArmoryThroughTheAPI walks the armorer's morning through the API on
// both databases: every refusal is a 409 naming its rules, the check
// before acting agrees with the refusal, and once every rule holds the
// revolver goes into the actor's hands.
func TestArmoryThroughTheAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			prod := "/api/v1/productions/red-mesa"
			firearm := prod + "/firearms/" + ts.ids["firearm"]
			cast, ad := ts.ids["cast"], ts.ids["first_ad"]
			must := ts.caller(t)
			refused := func(resp []byte, rules ...string) {
				t.Helper()
				e := errorOf(t, resp)
				if e.Code != setsafe.ERefused {
					t.Fatalf("want a refusal, got %s", compact(resp))
				}
				for _, r := range rules {
					if !slices.ContainsFunc(e.Rules, func(f setsafe.RuleFinding) bool { return f.ID == r }) {
						t.Fatalf("refusal does not name %s: %s", r, compact(resp))
					}
				}
			}
			for _, who := range []string{cast, ad, ts.ids["armorer"]} {
				must("producer", "PUT", prod+"/people/"+who+"/pin", `{"pin":"2468"}`, http.StatusOK)
			}

			// The 1st AD may not take the revolver out of the store (FA-3).
			refused(must("first_ad", "POST", firearm+"/unsecure", "", http.StatusConflict), "FA-3")
			// Nor may the armorer, before anyone is named to answer for
			// safety (PR-5).
			refused(must("armorer", "POST", firearm+"/unsecure", "", http.StatusConflict), "PR-5")
			must("producer", "PUT", prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`, http.StatusOK)
			must("armorer", "POST", firearm+"/unsecure", "", http.StatusOK)
			refused(must("armorer", "POST", firearm+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, http.StatusConflict), "AM-3")
			must("armorer", "POST", prod+"/ammo-lots/"+ts.ids["lot"]+"/verify-inert", `{"methods":["rattle","no_primer"],"checked":50,"witness":{"person_id":"`+ad+`","pin":"2468"}}`, http.StatusOK)
			loaded := decode[sshttp.FirearmResult](t, must("armorer", "POST", firearm+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, http.StatusOK))
			if loaded.Firearm.LoadedRounds != 6 || len(loaded.Recorded) != 1 {
				t.Fatalf("after loading: %+v", loaded)
			}

			// Before the paperwork, the check says NO-GO, and the hand-over
			// is refused for the same rules.
			check := decode[sshttp.VerdictView](t, must("armorer", "POST", firearm+"/check", `{"action":"handover","to":"`+cast+`"}`, http.StatusOK))
			if check.Go || len(check.Reasons) == 0 {
				t.Fatalf("check before the paperwork: %+v", check)
			}
			resp := must("armorer", "POST", firearm+"/handover", `{"to":"`+cast+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusConflict)
			e := errorOf(t, resp)
			if len(e.Rules) != len(check.Reasons) {
				t.Fatalf("check %+v and refusal %s disagree", check, compact(resp))
			}
			for _, want := range []string{"PR-1", "PR-2", "FA-6"} {
				refused(resp, want)
			}

			must("safety_coordinator", "POST", prod+"/people/"+cast+"/trainings", `{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
			meeting := decode[sshttp.RecordedResult](t, must("first_ad", "POST", prod+"/meetings", `{"covered_topics":`+firearmTopicsJSON+`,"walk_through":true}`, http.StatusCreated))
			for _, who := range []string{cast, ad} {
				must("first_ad", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
			}
			// A wrong PIN is refused with the attempts left.
			status, body := ts.call(t, "armorer", "POST", firearm+"/show-clear", `{"all_chambers":true,"witnesses":[{"person_id":"`+cast+`","pin":"0000"}]}`)
			if status != http.StatusUnauthorized || !strings.Contains(string(body), "attempts left") {
				t.Fatalf("wrong PIN: %d %s", status, body)
			}
			must("armorer", "POST", firearm+"/show-clear", `{"all_chambers":true,"witnesses":[{"person_id":"`+cast+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)

			check = decode[sshttp.VerdictView](t, must("armorer", "POST", firearm+"/check", `{"action":"handover","to":"`+cast+`"}`, http.StatusOK))
			if !check.Go {
				t.Fatalf("check once all holds: %+v", check)
			}
			issued := decode[sshttp.FirearmResult](t, must("armorer", "POST", firearm+"/handover", `{"to":"`+cast+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK))
			if issued.Firearm.Custodian != cast || issued.Firearm.Store != "" {
				t.Fatalf("after the issue: %+v", issued.Firearm)
			}
			armory := decode[sshttp.ArmoryView](t, must("investigator", "GET", prod+"/armory", "", http.StatusOK))
			if len(armory.Firearms) != 1 || armory.Firearms[0].Custodian != cast || len(armory.Lots) != 1 || armory.Lots[0].Loaded != 6 {
				t.Fatalf("armory: %+v", armory)
			}
			// The actor passing the revolver to the 1st AD is refused.
			refused(must("cast", "POST", firearm+"/handover", `{"to":"`+ad+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusConflict), "FA-3")
		})
	}
}

// TestArmoryExamplesAreValid checks that every armory request in the API
// document has an example, and that each example is a request the server
// decodes.
func TestArmoryExamplesAreValid(t *testing.T) {
	doc := api.OpenAPI("dev")
	n := 0
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			op := op.(map[string]any)
			tag := op["tags"].([]string)[0]
			body, ok := op["requestBody"].(map[string]any)
			if !ok || (tag != "Armory and custody" && tag != "Safety preparation" && tag != "The day on set") {
				continue
			}
			media, ok := body["content"].(map[string]any)["application/json"].(map[string]any)
			if !ok {
				continue // a file sent as it is
			}
			example, ok := media["example"]
			if !ok {
				t.Errorf("%s %s has no example", method, path)
				continue
			}
			n++
			data, err := json.Marshal(example)
			if err != nil || !json.Valid(data) || string(data) == "{}" {
				t.Errorf("%s %s: example %s", method, path, data)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d examples", n)
	}
}

// TestLabelSheets: the label sheet prints on the stock asked for, else
// the production's, else A4; an unknown stock is refused with the known
// ones; the production's stock is a setting of the production.
func TestLabelSheets(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			const prod = "/api/v1/productions/red-mesa"
			sheet := func(q string) (int, []byte) {
				t.Helper()
				req, _ := http.NewRequest("GET", ts.URL+prod+"/labels"+q, nil)
				req.Header.Set("Authorization", "Bearer "+ts.tokens["armorer"])
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode == http.StatusOK && (resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-"))) {
					t.Fatalf("labels%s: %s %.40q", q, resp.Header.Get("Content-Type"), body)
				}
				return resp.StatusCode, body
			}
			const a4, letter = 841.89, 792.0 // page heights in points
			tests := []struct {
				name, update, query string
				status              int
				height              float64
				says                string
			}{
				{"by default", "", "", http.StatusOK, a4, ""},
				{"firearms on Letter", "", "?for=firearms&stock=avery-5160", http.StatusOK, letter, ""},
				{"lots on A4", "", "?for=lots&stock=avery-l7163", http.StatusOK, a4, ""},
				{"an unknown kind", "", "?for=cannons", http.StatusBadRequest, 0, "firearms or lots"},
				{"an unknown stock", "", "?stock=avery-9999", http.StatusBadRequest, 0, "a4-3x8, avery-l7160, avery-l7163, avery-5160, avery-5163"},
				{"an unknown production stock", `{"label_stock":"letter"}`, "", http.StatusOK, a4, ""},
				{"the production's stock", `{"label_stock":"avery-5163"}`, "", http.StatusOK, letter, ""},
				{"the stock asked for over the production's", "", "?stock=a4-3x8", http.StatusOK, a4, ""},
				{"the production's stock kept by a change of name", `{"name":"Red Mesa"}`, "", http.StatusOK, letter, ""},
			}
			for _, tt := range tests {
				if tt.update != "" {
					status, body := ts.call(t, "producer", "PATCH", prod, tt.update)
					if tt.name == "an unknown production stock" {
						if status != http.StatusBadRequest || !bytes.Contains(body, []byte("avery-5160")) {
							t.Errorf("%s: %d %s", tt.name, status, body)
						}
					} else if status != http.StatusOK {
						t.Fatalf("%s: %d %s", tt.name, status, body)
					}
				}
				status, body := sheet(tt.query)
				if status != tt.status || !bytes.Contains(body, []byte(tt.says)) {
					t.Errorf("%s: %d %.300s, want %d saying %q", tt.name, status, body, tt.status, tt.says)
					continue
				}
				if status != http.StatusOK {
					continue
				}
				if _, h := pdftest.PageSize(t, body); math.Abs(h-tt.height) > 1 {
					t.Errorf("%s: a page %.2f pt high, want %.2f", tt.name, h, tt.height)
				}
			}
			status, body := ts.call(t, "armorer", "GET", prod, "")
			var view sshttp.ProductionView
			if err := json.Unmarshal(body, &view); status != http.StatusOK || err != nil || view.LabelStock != "avery-5163" {
				t.Errorf("the production: %d %s, want label_stock avery-5163", status, body)
			}
		})
	}
}

func TestFirearmPhotos(t *testing.T) {
	ts := newTestServer(t, storagetest.Backends()[0], "")
	ts.seed(t)
	firearm := ts.URL + "/api/v1/productions/red-mesa/firearms/" + ts.ids["firearm"]
	send := func(contentType string, body []byte) (int, []byte) {
		req, _ := http.NewRequest("POST", firearm+"/photos?caption=Left+side", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+ts.tokens["armorer"])
		req.Header.Set("Content-Type", contentType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		answer, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, answer
	}
	png := phototest.PNG(phototest.PNGHeader{Width: 40, Height: 30, Depth: 8, ColorType: 2}, true, "tEXt", "Comment\x00left side")
	status, body := send("image/png", png)
	if status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, body)
	}
	sha := decode[sshttp.RecordedResult](t, body).ID
	view := decode[sshttp.FirearmView](t, mustCall(t, ts, "investigator", "GET", "/api/v1/productions/red-mesa/firearms/"+ts.ids["firearm"]))
	if len(view.Photos) != 1 || view.Photos[0].File != sha || view.Photos[0].Caption != "Left side" {
		t.Fatalf("firearm view: %+v", view.Photos)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/productions/red-mesa/files/"+sha, nil)
	req.Header.Set("Authorization", "Bearer "+ts.tokens["investigator"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(got)); err != nil || cfg.Width != 40 || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("file: %d %s (%d bytes)", resp.StatusCode, resp.Header.Get("Content-Type"), len(got))
	}
	if status, body := send("image/gif", png); status != http.StatusBadRequest {
		t.Fatalf("a GIF: %d %s", status, body)
	}
	if status, body := send("image/jpeg", make([]byte, 5<<20+1)); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("a photo over 5 MiB: %d %s", status, body)
	}
}

func mustCall(t *testing.T, ts *testServer, actor, method, path string) []byte {
	t.Helper()
	status, body := ts.call(t, actor, method, path, "")
	if status != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, status, body)
	}
	return body
}

// TestNobodySpendsAnotherPersonsPIN checks that someone who does not hold
// a firearm cannot spend the attempts of another person's PIN by trying to
// hand it over: the attempt is refused by the gate and recorded, and the
// PIN is not checked.
func TestNobodySpendsAnotherPersonsPIN(t *testing.T) {
	ts := newTestServer(t, storagetest.Backends()[0], "")
	ts.seed(t)
	prod := "/api/v1/productions/red-mesa"
	firearm := prod + "/firearms/" + ts.ids["firearm"]
	if status, body := ts.call(t, "producer", "PUT", prod+"/people/"+ts.ids["first_ad"]+"/pin", `{"pin":"4827"}`); status != http.StatusOK {
		t.Fatalf("set PIN: %d %s", status, body)
	}
	for range 10 {
		status, body := ts.call(t, "crew", "POST", firearm+"/handover", `{"to":"`+ts.ids["first_ad"]+`","giver_pin":"0000","receiver_pin":"0000"}`)
		if status != http.StatusConflict || !strings.Contains(string(body), `"refused"`) {
			t.Fatalf("a hand-over by someone who does not hold the revolver: %d %s", status, body)
		}
	}
	if err := ts.env.DB.CheckPIN(t.Context(), "red-mesa", ts.ids["first_ad"], func(h string) (bool, error) { return false, nil }); !strings.Contains(fmt.Sprint(err), "4 attempts left") {
		t.Fatalf("the 1st AD's PIN attempts were spent: %v", err)
	}
	// Confirming someone else's attendance without their PIN is refused.
	meeting := decode[sshttp.RecordedResult](t, mustPost(t, ts, "first_ad", prod+"/meetings", `{"covered_topics":`+firearmTopicsJSON+`}`))
	if status, body := ts.call(t, "first_ad", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+ts.ids["cast"]+`"}`); status != http.StatusForbidden {
		t.Fatalf("attendance confirmed for someone else without a PIN: %d %s", status, body)
	}
	if status, body := ts.call(t, "cast", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+ts.ids["cast"]+`"}`); status != http.StatusOK {
		t.Fatalf("attendance confirmed in one's own session: %d %s", status, body)
	}
}

func mustPost(t *testing.T, ts *testServer, actor, path, body string) []byte {
	t.Helper()
	status, answer := ts.call(t, actor, "POST", path, body)
	if status != http.StatusCreated && status != http.StatusOK {
		t.Fatalf("POST %s: %d %s", path, status, answer)
	}
	return answer
}

// TestFirearmPage checks the page a firearm's label opens.
func TestFirearmPage(t *testing.T) {
	ts := newTestServer(t, storagetest.Backends()[0], "")
	ts.seed(t)
	// The armorer's attempt, refused (no compliance contact yet), is in
	// the chain under her name.
	if status, body := ts.call(t, "armorer", "POST", "/api/v1/productions/red-mesa/firearms/"+ts.ids["firearm"]+"/unsecure", ""); status != http.StatusConflict {
		t.Fatalf("unsecure: %d %s", status, body)
	}
	client := browser(t, ts)
	if resp := post(t, client, ts.URL+"/api/v1/session", "application/json", `{"email":"investigator@example.com","password":"password-of-investigator"}`); resp.StatusCode != http.StatusOK {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	resp, err := client.Get(ts.URL + "/productions/red-mesa/firearms/" + ts.ids["firearm"])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Colt Single Action Army") || !strings.Contains(page, "Locked in armory truck") ||
		!strings.Contains(page, "Firearm received") || !strings.Contains(page, "<td>The Armorer</td><td>Refused by the gate</td>") {
		t.Fatalf("firearm page: %d %s", resp.StatusCode, page)
	}
	resp, err = client.Get(ts.URL + "/productions/red-mesa/firearms/nope")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a firearm that does not exist: %d", resp.StatusCode)
	}
}

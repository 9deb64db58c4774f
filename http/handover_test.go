package http_test

import (
	"fmt"
	"net/http"
	"testing"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// The PINs readyToIssue sets: the 1st AD's and the armorer's differ from
// the performers', so that one can be typed for another.
const (
	performerPIN = "2468"
	adPIN        = "3579"
	armorerPIN   = "1357"
)

// readyToIssue brings the seeded production to where the armorer may issue
// the revolver to each performer: PINs set, a compliance contact named,
// today's meeting attended, the performers trained, and the revolver out
// of its store in the armorer's hands. It returns what shows the revolver
// clear to every performer and the 1st AD through a server, which an issue
// needs shortly before (FA-6).
func readyToIssue(t *testing.T, ts *testServer, performers ...string) (showClear func(on *testServer)) {
	t.Helper()
	prod := "/api/v1/productions/red-mesa"
	ad := ts.ids["first_ad"]
	must := ts.caller(t)
	for _, who := range performers {
		must("producer", "PUT", prod+"/people/"+who+"/pin", `{"pin":"`+performerPIN+`"}`, http.StatusOK)
	}
	must("producer", "PUT", prod+"/people/"+ad+"/pin", `{"pin":"`+adPIN+`"}`, http.StatusOK)
	must("producer", "PUT", prod+"/people/"+ts.ids["armorer"]+"/pin", `{"pin":"`+armorerPIN+`"}`, http.StatusOK)
	must("producer", "PUT", prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`, http.StatusOK)
	meeting := decode[sshttp.RecordedResult](t, must("first_ad", "POST", prod+"/meetings", `{"covered_topics":`+firearmTopicsJSON+`,"hazards":["firearms"]}`, http.StatusCreated))
	for _, who := range performers {
		must("first_ad", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"`+performerPIN+`"}`, http.StatusOK)
		must("safety_coordinator", "POST", prod+"/people/"+who+"/trainings", `{"course":"Firearm safety","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
	}
	must("first_ad", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+ad+`","pin":"`+adPIN+`"}`, http.StatusOK)
	revolver := prod + "/firearms/" + ts.ids["firearm"]
	must("armorer", "POST", revolver+"/unsecure", "", http.StatusOK)
	witnesses := `{"person_id":"` + ad + `","pin":"` + adPIN + `"}`
	for _, who := range performers {
		witnesses += `,{"person_id":"` + who + `","pin":"` + performerPIN + `"}`
	}
	return func(on *testServer) {
		t.Helper()
		on.caller(t)("armorer", "POST", revolver+"/show-clear", `{"all_chambers":true,"witnesses":[`+witnesses+`]}`, http.StatusOK)
	}
}

// TestHandOverNeedsTheOtherPersonsPIN hands the revolver over through the
// API, each way, with a wrong PIN, no PIN and someone else's PIN: each is
// refused and records nothing, and the right PIN then hands it over.
func TestHandOverNeedsTheOtherPersonsPIN(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			cast, armorer := ts.ids["cast"], ts.ids["armorer"]
			revolver := "/api/v1/productions/red-mesa/firearms/" + ts.ids["firearm"]
			readyToIssue(t, ts, cast)(ts)
			steps := []struct {
				name, actor, body, right string
				holder                   string
			}{
				{"the armorer issues it to the actor", "armorer", `{"to":"` + cast + `","pin":"%s"}`, performerPIN, cast},
				{"the armorer takes it back from the actor", "armorer", `{"from":"` + cast + `","pin":"%s"}`, performerPIN, armorer},
				{"the armorer issues it to the actor again", "armorer", `{"to":"` + cast + `","pin":"%s"}`, performerPIN, cast},
				{"the actor gives it back to the armorer", "cast", `{"to":"` + armorer + `","pin":"%s"}`, armorerPIN, armorer},
			}
			for _, step := range steps {
				for _, bad := range []struct {
					pin  string
					want int
				}{{"0000", http.StatusUnauthorized}, {"", http.StatusBadRequest}, {adPIN, http.StatusUnauthorized}} {
					before := ledgerSizes(t, ts)
					status, body := ts.call(t, step.actor, "POST", revolver+"/handover", fmt.Sprintf(step.body, bad.pin))
					if status != bad.want {
						t.Errorf("%s with PIN %q: %d %s, want %d", step.name, bad.pin, status, compact(body), bad.want)
					}
					if after := ledgerSizes(t, ts); after != before {
						t.Errorf("%s with PIN %q: the ledgers grew from %v to %v", step.name, bad.pin, before, after)
					}
				}
				res := decode[sshttp.FirearmResult](t, ts.caller(t)(step.actor, "POST", revolver+"/handover", fmt.Sprintf(step.body, step.right), http.StatusOK))
				if res.Firearm.Custodian != step.holder || len(res.Recorded) != 1 || res.Recorded[0].Type != "firearm.handed_over" {
					t.Fatalf("%s with the right PIN: %+v", step.name, res)
				}
			}
		})
	}
}

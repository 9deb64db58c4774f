package http_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// firearmTopicsJSON is the JSON list of every firearm topic a safety
// meeting covers under the default profiles.
var firearmTopicsJSON = func() string {
	b, _ := json.Marshal(gate.TopicIDs(gate.HazardFirearms, nil))
	return string(b)
}()

// TestMeetingTopicsScenario: the performer attended a safety meeting that
// skipped what to do after a misfire, so the armorer's issue is refused
// under PR-1, naming the topic missed and recorded; once the performer
// attends a meeting that covered every firearm topic, the same issue goes
// ahead.
func TestMeetingTopicsScenario(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			r := &rustSet{t: t, ts: ts, prod: "/api/v1/productions/red-mesa"}
			r.revolver = r.prod + "/firearms/" + ts.ids["firearm"]
			actor, ad := ts.ids["cast"], ts.ids["first_ad"]
			for _, who := range []string{actor, ad, ts.ids["armorer"]} {
				r.expect(t, "producer", "PUT", r.prod+"/people/"+who+"/pin", `{"pin":"2468"}`, http.StatusOK)
			}
			r.expect(t, "producer", "PUT", r.prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["safety_coordinator"]+`"}`, http.StatusOK)
			r.expect(t, "safety_coordinator", "POST", r.prod+"/people/"+actor+"/trainings",
				`{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
			r.expect(t, "armorer", "POST", r.revolver+"/unsecure", "", http.StatusOK)

			held := func(topics []string) string {
				list, _ := json.Marshal(topics)
				m := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/meetings",
					`{"topics":["Walk-through of the church"],"covered_topics":`+string(list)+`,"walk_through":true}`, http.StatusCreated))
				for _, who := range []string{actor, ad} {
					r.expect(t, "first_ad", "POST", r.prod+"/meetings/"+m.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
				}
				return m.ID
			}
			showClear := func() {
				r.expect(t, "armorer", "POST", r.revolver+"/show-clear",
					`{"all_chambers":true,"witnesses":[{"person_id":"`+actor+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
			}
			issue := `{"to":"` + actor + `","giver_pin":"2468","receiver_pin":"2468"}`

			// The morning meeting ran out of time before the misfire drill.
			all := gate.TopicIDs(gate.HazardFirearms, nil)
			short := slices.DeleteFunc(slices.Clone(all), func(id string) bool { return id == "firearms.misfire" })
			first := held(short)
			m := decode[sshttp.MeetingView](t, r.expect(t, "first_ad", "GET", r.prod+"/meetings/"+first, "", http.StatusOK))
			if !slices.Equal(m.CoveredTopics(), short) || m.Hazards != "firearms" {
				t.Fatalf("the meeting recorded topics %q and hazards %q", m.CoveredTopics(), m.Hazards)
			}
			showClear()
			body := r.refused(t, "armorer", "POST", r.revolver+"/handover", issue, "PR-1")
			e := errorOf(t, body)
			if !strings.Contains(e.Message, "did not cover: What to do after a misfire") || strings.Contains(e.Message, "Finger off the trigger") {
				t.Fatalf("the refusal does not name the one topic missed: %s", e.Message)
			}
			f := decode[sshttp.FirearmView](t, r.expect(t, "armorer", "GET", r.revolver, "", http.StatusOK))
			if f.Firearm.Custodian != ts.ids["armorer"] {
				t.Fatalf("a refused issue moved the revolver: %+v", f.Firearm)
			}

			// A second meeting goes through every firearm topic.
			held(all)
			showClear()
			issued := decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "POST", r.revolver+"/handover", issue, http.StatusOK))
			if issued.Firearm.Custodian != actor {
				t.Fatalf("after the issue: %+v", issued.Firearm)
			}
		})
	}
}

package http_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestArmorerTitleScenario follows an armorer whose job title on the crew
// list says she is also key assistant props, as the Rust armorer was
// (FA-4): her first hand-off is refused naming the title; once the title
// is corrected it goes; a change back is refused again, and a recorded
// decision that the title does not mean props on this production lets
// her work.
func TestArmorerTitleScenario(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			r := &rustSet{t: t, ts: ts, prod: "/api/v1/productions/red-mesa"}
			r.revolver = r.prod + "/firearms/" + ts.ids["firearm"]
			actor, ad, armorer := ts.ids["cast"], ts.ids["first_ad"], ts.ids["armorer"]
			person := r.prod + "/people/" + armorer
			for _, who := range []string{actor, ad, armorer} {
				r.expect(t, "producer", "PUT", r.prod+"/people/"+who+"/pin", `{"pin":"2468"}`, http.StatusOK)
			}
			r.expect(t, "producer", "PUT", r.prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["safety_coordinator"]+`"}`, http.StatusOK)
			r.expect(t, "safety_coordinator", "POST", r.prod+"/people/"+actor+"/trainings",
				`{"course":"Firearm safety for performers","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
			meeting := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/meetings",
				`{"topics":["Walk-through of the church"],"hazards":["firearms"],"covered_topics":`+firearmTopicsJSON+`,"walk_through":true}`, http.StatusCreated))
			for _, who := range []string{actor, ad, armorer} {
				r.expect(t, "first_ad", "POST", r.prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
			}
			r.expect(t, "armorer", "POST", r.revolver+"/unsecure", "", http.StatusOK)
			showClear := func() {
				t.Helper()
				r.expect(t, "armorer", "POST", r.revolver+"/show-clear",
					`{"all_chambers":true,"witnesses":[{"person_id":"`+actor+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
			}
			issue := `{"to":"` + actor + `","giver_pin":"2468","receiver_pin":"2468"}`
			handBack := func() {
				t.Helper()
				r.expect(t, "cast", "POST", r.revolver+"/handover", `{"to":"`+armorer+`","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusOK)
			}
			retitle := func(title string) sshttp.PersonResult {
				t.Helper()
				return decode[sshttp.PersonResult](t, r.expect(t, "unit_production_manager", "PATCH", person, `{"job_title":"`+title+`"}`, http.StatusOK))
			}

			// The crew list calls her "Armorer / key assistant props"; the
			// answer to the change warns of it.
			changed := retitle("Armorer / key assistant props")
			if p := changed.Person; p == nil || !slices.Equal(p.TitleDuties, []setsafe.Duty{setsafe.DutyArmorer, setsafe.DutyProps}) ||
				!strings.Contains(p.Warning, "Armorer / key assistant props") || !strings.Contains(p.Warning, "FA-4") {
				t.Fatalf("the title change does not warn of the conflict: %+v", changed.Person)
			}
			showClear()
			body := r.refused(t, "armorer", "POST", r.revolver+"/handover", issue, "FA-4")
			if !strings.Contains(string(body), "job title on the crew list, \u201cArmorer / key assistant props\u201d, says they also work as props") {
				t.Fatalf("the refusal does not name the title: %s", body)
			}
			check := decode[sshttp.VerdictView](t, r.expect(t, "armorer", "POST", r.revolver+"/check", `{"action":"handover","to":"`+actor+`"}`, http.StatusOK))
			if check.Go || len(check.Reasons) != 1 || check.Reasons[0].Rule != "FA-4" {
				t.Fatalf("the check says other than FA-4 alone: %+v", check)
			}

			// The title corrected, the hand-off goes.
			if p := retitle("Armorer").Person; p.Warning != "" || !slices.Equal(p.TitleDuties, []setsafe.Duty{setsafe.DutyArmorer}) {
				t.Fatalf("after the correction: %+v", p)
			}
			r.expect(t, "armorer", "POST", r.revolver+"/handover", issue, http.StatusOK)
			handBack()

			// Changed back, the next hand-off is refused again.
			if p := retitle("Armorer / key assistant props").Person; p.Warning == "" {
				t.Fatalf("changing the title back does not warn: %+v", p)
			}
			showClear()
			r.refused(t, "armorer", "POST", r.revolver+"/handover", issue, "FA-4")

			// The 1st AD may not decide what the title means; the unit
			// production manager, who grants the armorer role, may, with a
			// reason, for the title as it reads now.
			aside := r.prod + "/people/" + armorer + "/title-duties/set-aside"
			r.expect(t, "first_ad", "POST", aside, `{"job_title":"Armorer / key assistant props","reason":"Lee Chan is our props"}`, http.StatusForbidden)
			r.expect(t, "unit_production_manager", "POST", aside, `{"job_title":"Armorer","reason":"Lee Chan is our props"}`, http.StatusConflict)
			r.expect(t, "unit_production_manager", "POST", aside, `{"job_title":"Armorer / key assistant props"}`, http.StatusBadRequest)
			decided := decode[sshttp.PersonResult](t, r.expect(t, "unit_production_manager", "POST", aside,
				`{"job_title":"Armorer / key assistant props","duties":["props"],"reason":"The title is the agency's; Lee Chan is our props"}`, http.StatusOK))
			if p := decided.Person; p.Warning != "" || !slices.Equal(p.TitleDutiesSetAside, []setsafe.Duty{setsafe.DutyProps}) || len(decided.Recorded) != 1 {
				t.Fatalf("after the decision: %+v", decided)
			}
			r.expect(t, "armorer", "POST", r.revolver+"/handover", issue, http.StatusOK)
			handBack()

			// The ledger keeps the decision and its reason.
			h := decode[sshttp.EntriesView](t, r.expect(t, "investigator", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", "", http.StatusOK))
			if !slices.ContainsFunc(h.Entries, func(e sshttp.EntryView) bool {
				return e.Type == "person.title_duties_set_aside" && strings.Contains(string(e.Body), "Lee Chan is our props")
			}) {
				t.Errorf("the person's history lacks the decision: %+v", h.Entries)
			}
			rep, err := ts.env.DB.Verify(t.Context(), ts.env.Signer.Verifier(), "")
			if err != nil || !rep.OK() {
				t.Fatalf("verify after the scenario: %v %v", err, rep.Problems)
			}
		})
	}
}

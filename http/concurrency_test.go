package http_test

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestTwoTabletsIssueOneFirearm has the armorer's two tablets issue the
// same revolver to two performers at the same instant, round after round:
// exactly one hand-over succeeds, the other is refused because the
// revolver is no longer in the armorer's hands (FA-2), and the record says
// so.
func TestTwoTabletsIssueOneFirearm(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			prod := "/api/v1/productions/red-mesa"
			revolver := prod + "/firearms/" + ts.ids["firearm"]
			performers := []string{ts.ids["cast"], ts.ids["target"]}
			ad := ts.ids["first_ad"]
			must := ts.caller(t)
			for _, who := range append(slices.Clone(performers), ad) {
				must("producer", "PUT", prod+"/people/"+who+"/pin", `{"pin":"2468"}`, http.StatusOK)
			}
			must("producer", "PUT", prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`, http.StatusOK)
			meeting := decode[sshttp.RecordedResult](t, must("first_ad", "POST", prod+"/meetings", `{"topics":["Firearms"],"hazards":["firearms"]}`, http.StatusCreated))
			for _, who := range append(slices.Clone(performers), ad) {
				must("first_ad", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
			}
			for _, who := range performers {
				must("safety_coordinator", "POST", prod+"/people/"+who+"/trainings", `{"course":"Firearm safety","provider":"CSATF","firearms":true,"completed":"2021-09-01"}`, http.StatusCreated)
			}
			must("armorer", "POST", revolver+"/unsecure", "", http.StatusOK)
			must("producer", "PUT", prod+"/people/"+ts.ids["armorer"]+"/pin", `{"pin":"1357"}`, http.StatusOK)

			for round := range 5 {
				must("armorer", "POST", revolver+"/show-clear", `{"all_chambers":true,"witnesses":[{"person_id":"`+performers[0]+`","pin":"2468"},{"person_id":"`+
					performers[1]+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
				statuses := make([]int, len(performers))
				bodies := make([][]byte, len(performers))
				var wg sync.WaitGroup
				for i, who := range performers {
					wg.Go(func() {
						statuses[i], bodies[i] = ts.call(t, "armorer", "POST", revolver+"/handover", `{"to":"`+who+`","pin":"2468"}`)
					})
				}
				wg.Wait()
				winner := slices.Index(statuses, http.StatusOK)
				loser := 1 - winner
				if winner < 0 || statuses[loser] != http.StatusConflict {
					t.Fatalf("round %d: statuses %v: %s / %s", round, statuses, compact(bodies[0]), compact(bodies[1]))
				}
				e := decode[sshttp.ErrorBody](t, bodies[loser])
				if !slices.ContainsFunc(e.Error.Rules, func(f setsafe.RuleFinding) bool { return f.ID == "FA-2" }) {
					t.Fatalf("round %d: the losing tablet was refused for %s", round, compact(bodies[loser]))
				}
				// The performer who got it gives it back. The target person
				// has no account to sign in with, so their return is
				// recorded at the command line.
				if winner == 0 {
					must("cast", "POST", revolver+"/handover", `{"to":"`+ts.ids["armorer"]+`","pin":"1357"}`, http.StatusOK)
				} else if _, err := ts.env.DB.Append(t.Context(), setsafe.On("red-mesa", storagetest.Operator,
					setsafe.HandOver{FirearmID: ts.ids["firearm"], To: ts.ids["armorer"], ConfirmedBy: "pin", By: performers[1]})); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := ts.env.DB.Verify(t.Context(), ts.env.Signer.Verifier(), "")
			if err != nil || !rep.OK() {
				t.Fatalf("verify: %v %v", err, rep.Problems)
			}
		})
	}
}

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

// TestHandOverNeedsBothPINs hands the revolver over through the API, each
// way, on both backends (FA-3). With only the caller's session, or only
// one of the two PINs, the gate refuses it under FA-3 and records the
// refusal; a wrong PIN, someone else's PIN, or the PINs swapped is refused
// before anything is recorded; and a request in the old form, one PIN
// beside the session, is not understood. With the giver's and the
// receiver's own PINs it goes ahead, and the ledger records both as having
// confirmed it, on the caller's device.
func TestHandOverNeedsBothPINs(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			cast, armorer := ts.ids["cast"], ts.ids["armorer"]
			revolver := "/api/v1/productions/red-mesa/firearms/" + ts.ids["firearm"]
			readyToIssue(t, ts, cast)(ts)
			steps := []struct {
				name, actor, who        string
				giverPIN, receiverPIN   string
				giver, receiver, holder string
			}{
				{"the armorer issues it to the actor", "armorer", `"to":"` + cast + `"`, armorerPIN, performerPIN, armorer, cast, cast},
				{"the armorer takes it back from the actor", "armorer", `"from":"` + cast + `"`, performerPIN, armorerPIN, cast, armorer, armorer},
				{"the armorer issues it to the actor again", "armorer", `"to":"` + cast + `"`, armorerPIN, performerPIN, armorer, cast, cast},
				{"the actor gives it back to the armorer", "cast", `"to":"` + armorer + `"`, performerPIN, armorerPIN, cast, armorer, armorer},
			}
			pins := func(who, giver, receiver string) string {
				return `{` + who + `,"giver_pin":"` + giver + `","receiver_pin":"` + receiver + `"}`
			}
			for _, step := range steps {
				holder := step.giver
				for _, bad := range []struct {
					name     string
					body     string
					want     int
					recorded bool
				}{
					{"only the session", `{` + step.who + `}`, http.StatusConflict, true},
					{"only the giver's PIN", pins(step.who, step.giverPIN, ""), http.StatusConflict, true},
					{"only the receiver's PIN", pins(step.who, "", step.receiverPIN), http.StatusConflict, true},
					{"a wrong receiver's PIN", pins(step.who, step.giverPIN, "0000"), http.StatusUnauthorized, false},
					{"a wrong giver's PIN", pins(step.who, "0000", step.receiverPIN), http.StatusUnauthorized, false},
					{"the 1st AD's PIN for the receiver's", pins(step.who, step.giverPIN, adPIN), http.StatusUnauthorized, false},
					{"the PINs swapped", pins(step.who, step.receiverPIN, step.giverPIN), http.StatusUnauthorized, false},
					{"one PIN beside the session, as before", `{` + step.who + `,"pin":"` + step.receiverPIN + `"}`, http.StatusBadRequest, false},
				} {
					before := ledgerSizes(t, ts)
					status, body := ts.call(t, step.actor, "POST", revolver+"/handover", bad.body)
					if status != bad.want {
						t.Errorf("%s with %s: %d %s, want %d", step.name, bad.name, status, compact(body), bad.want)
					}
					if bad.want == http.StatusConflict && !strings.Contains(string(body), `"FA-3"`) {
						t.Errorf("%s with %s: refused without naming FA-3: %s", step.name, bad.name, compact(body))
					}
					after := ledgerSizes(t, ts)
					if grew := after != before; grew != bad.recorded {
						t.Errorf("%s with %s: the ledgers went from %v to %v", step.name, bad.name, before, after)
					}
					f := decode[sshttp.FirearmView](t, ts.caller(t)("armorer", "GET", revolver, "", http.StatusOK))
					if f.Firearm.Custodian != holder {
						t.Fatalf("%s with %s: the revolver is with %s", step.name, bad.name, f.Firearm.Custodian)
					}
				}
				res := decode[sshttp.FirearmResult](t, ts.caller(t)(step.actor, "POST", revolver+"/handover", pins(step.who, step.giverPIN, step.receiverPIN), http.StatusOK))
				if res.Firearm.Custodian != step.holder || len(res.Recorded) != 1 || res.Recorded[0].Type != "firearm.handed_over" {
					t.Fatalf("%s with both PINs: %+v", step.name, res)
				}
				b := handedOver(t, ts, res.Recorded[0].Seq)
				if !slices.Equal(b.ConfirmedWithPIN, []string{step.giver, step.receiver}) || !strings.HasPrefix(b.Device, "token:") {
					t.Fatalf("%s: recorded as confirmed by %v on %q", step.name, b.ConfirmedWithPIN, b.Device)
				}
			}
		})
	}
}

// handedOver reads the body of the hand-off recorded at seq in red-mesa.
func handedOver(t *testing.T, ts *testServer, seq int64) *setsafe.FirearmHandedOver {
	t.Helper()
	entries, err := ts.env.DB.Entries(t.Context(), "red-mesa", seq-1, 1)
	if err != nil || len(entries) != 1 {
		t.Fatalf("reading event %d: %v", seq, err)
	}
	b, ok := entries[0].Event.Body.(*setsafe.FirearmHandedOver)
	if !ok {
		t.Fatalf("event %d is a %T", seq, entries[0].Event.Body)
	}
	return b
}

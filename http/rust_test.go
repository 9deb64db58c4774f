package http_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/escalation"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestRustScenario replays the chain of events on the Rust set in October
// 2021 (rust-2021 in the domain notes) through the public API of a running
// server, link by link, and checks that setsafe stops each link with the
// rule that applies and that the record answers the investigators'
// questions afterwards.
func TestRustScenario(t *testing.T) {
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

			t.Run("Link1", func(t *testing.T) {
				// Producers wanted the armorer to be assistant props too.
				r.refused(t, "unit_production_manager", "POST", r.prod+"/people/"+ts.ids["armorer"]+"/roles", `{"role":"property_master"}`, "FA-4")
				person := decode[sshttp.PersonView](t, r.expect(t, "producer", "GET", r.prod+"/people/"+ts.ids["armorer"], "", http.StatusOK))
				if slices.Contains(person.Roles, setsafe.RolePropertyMaster) {
					t.Fatal("the armorer was given a second duty")
				}
			})
			t.Run("Link2", func(t *testing.T) {
				// Live rounds and rounds of unknown origin in the boxes.
				r.refused(t, "armorer", "POST", r.prod+"/ammo-lots",
					`{"label":"Gun shop box","kind":"live","calibre":".45 Colt","source":"gun shop","headstamp":"STARLINE","count":50}`, "AM-1")
				r.refused(t, "armorer", "POST", r.prod+"/ammo-lots", `{"label":"Mixed box","kind":"dummy","calibre":".45 Colt","count":50}`, "AM-4")
				r.expect(t, "armorer", "POST", r.revolver+"/unsecure", "", http.StatusOK)
				// Dummies that nobody checked do not rattle their way into
				// the revolver.
				r.refused(t, "armorer", "POST", r.revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, "AM-3")
			})
			t.Run("Link3", func(t *testing.T) {
				// Misfires and a discharge on the set, with no follow-up.
				discharge := decode[sshttp.RecordedResult](t, r.expect(t, "cast", "POST", r.revolver+"/discharges",
					`{"kind":"misfire","description":"Hammer fell twice without firing"}`, http.StatusCreated))
				r.refused(t, "armorer", "POST", r.revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, "FA-7", "WS-1")
				second := decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "POST", r.prod+"/firearms",
					`{"make":"Colt","model":"Single Action Army","serial":"SA5120","kind":"blank_firing","calibre":".45 Colt","chambers":6,"owner":"PDQ Arm & Prop","store":"armory truck"}`,
					http.StatusCreated))
				r.expect(t, "armorer", "POST", r.prod+"/firearms/"+second.Firearm.ID+"/unsecure", "", http.StatusOK)
				other := decode[sshttp.RecordedResult](t, r.expect(t, "armorer", "POST", r.prod+"/firearms/"+second.Firearm.ID+"/discharges",
					`{"kind":"negligent_discharge","description":"Stunt double's revolver discharged"}`, http.StatusCreated))
				// The second warning sign within seven days stops all
				// firearm work in the production.
				r.refused(t, "armorer", "POST", r.prod+"/firearms/"+second.Firearm.ID+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":1}`, "WS-2")
				for _, id := range []string{discharge.ID, other.ID} {
					r.expect(t, "safety_coordinator", "POST", r.prod+"/discharges/"+id+"/investigation",
						`{"findings":"Worn hammer spring; finger on trigger during hand-off","corrective_action":"Springs replaced; hand-off retraining"}`, http.StatusOK)
				}
				for _, f := range []string{r.revolver, r.prod + "/firearms/" + second.Firearm.ID} {
					r.expect(t, "armorer", "POST", f+"/inspect", `{"bore_clear":true,"functions":true,"condition":"Good"}`, http.StatusOK)
					r.expect(t, "armorer", "POST", f+"/return-to-service", `{"bore_clear":true}`, http.StatusOK)
				}
				r.refused(t, "armorer", "POST", r.revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, "WS-2")
				r.expect(t, "safety_coordinator", "POST", r.prod+"/review-signoffs", `{"note":"Both incidents reviewed with the crew"}`, http.StatusOK)
				r.expect(t, "producer", "POST", r.prod+"/review-signoffs", `{"note":"Agreed; firearm work may resume"}`, http.StatusOK)
				r.expect(t, "armorer", "POST", r.prod+"/firearms/"+second.Firearm.ID+"/secure", `{"store":"armory truck"}`, http.StatusOK)
			})
			t.Run("Link4", func(t *testing.T) {
				// Written complaints to production management, unanswered.
				raised := decode[sshttp.RecordedResult](t, r.expect(t, "crew", "POST", r.prod+"/concerns",
					`{"category":"firearms","severity":"high","mode":"named","location":"Church set",`+
						`"description":"Two misfires and a discharge this week, and nobody has looked into them"}`, http.StatusCreated))
				concern := r.prod + "/concerns/" + raised.ID
				clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
				rungOf := func() (int64, bool) {
					d := decode[sshttp.ConcernDetail](t, r.expect(t, "producer", "GET", concern, "", http.StatusOK))
					return d.Concern.Rung, d.Concern.Overdue
				}
				// The department head does not acknowledge it in 4 hours; it
				// climbs to the unit production manager, then the producer.
				for _, want := range []int64{1, 2} {
					ts.env.Clock.Advance(4*time.Hour + time.Minute)
					if _, err := clock.Tick(t.Context()); err != nil {
						t.Fatal(err)
					}
					if rung, _ := rungOf(); rung != want {
						t.Fatalf("after another 4 hours the concern is on rung %d, want %d", rung, want)
					}
				}
				inbox := decode[sshttp.InboxView](t, r.expect(t, "producer", "GET", r.prod+"/notifications", "", http.StatusOK))
				if !slices.ContainsFunc(inbox.Notifications, func(n setsafe.Notification) bool {
					return n.About == raised.ID && n.Event == "concern.escalated"
				}) {
					t.Fatalf("the producer was not told: %+v", inbox.Notifications)
				}
				// Nobody below the producer can make it go away.
				r.expect(t, "department_head", "POST", concern+"/move", `{"state":"rejected","why":"Not our department"}`, http.StatusForbidden)
				r.expect(t, "producer", "POST", concern+"/move", `{"state":"acknowledged"}`, http.StatusOK)
				r.expect(t, "producer", "POST", concern+"/move",
					`{"state":"action_planned","why":"Every discharge to be investigated before the firearm is used again"}`, http.StatusOK)
			})
			t.Run("Link5", func(t *testing.T) {
				// The camera crew, on the production since its first day.
				var camera []string
				for _, job := range []string{"Director of Photography", "Camera Operator", "1st AC", "2nd AC", "Dolly Grip", "Key Grip"} {
					p := decode[sshttp.PersonResult](t, r.expect(t, "producer", "POST", r.prod+"/people",
						`{"name":"Camera crew `+job+`","department":"Camera","job_title":"`+job+`","roles":["crew"]}`, http.StatusCreated))
					camera = append(camera, p.Person.ID)
				}
				// The next morning is an ordinary day, until six camera crew
				// walk off over conditions; replacements arrive the same
				// day, without the production's briefings.
				ts.env.Clock.Advance(24 * time.Hour)
				if s := decode[setsafe.Surge](t, r.expect(t, "unit_production_manager", "GET", r.prod+"/surge", "", http.StatusOK)); s.Any() {
					t.Fatalf("a surge before the walk-off: %+v", s)
				}
				for _, who := range camera {
					r.expect(t, "producer", "POST", r.prod+"/people/"+who+"/leave", `{"reason":"Walked off over conditions"}`, http.StatusOK)
				}
				for _, c := range []string{"No lodging in Santa Fe: a 50-mile drive after 14-hour days", "Paychecks late again", "Misfires on set and nobody answers"} {
					r.walkOffConcerns = append(r.walkOffConcerns, decode[sshttp.RecordedResult](t, r.expect(t, "crew", "POST", r.prod+"/concerns",
						`{"category":"fatigue_and_hours","severity":"normal","mode":"named","description":"`+c+`"}`, http.StatusCreated)).ID)
				}
				var newcomers []string
				for _, name := range []string{"Replacement Operator", "Replacement Focus Puller"} {
					p := decode[sshttp.PersonResult](t, r.expect(t, "producer", "POST", r.prod+"/people",
						`{"name":"`+name+`","department":"Camera","roles":["crew"]}`, http.StatusCreated))
					r.expect(t, "producer", "PUT", r.prod+"/people/"+p.Person.ID+"/pin", `{"pin":"1357"}`, http.StatusOK)
					newcomers = append(newcomers, p.Person.ID)
				}
				// The production's dashboard shows it as a surge.
				s := decode[setsafe.Surge](t, r.expect(t, "producer", "GET", r.prod+"/surge", "", http.StatusOK))
				if s.Left.Today != len(camera) || s.Joined.Today != len(newcomers) || s.Concerns.Today != len(r.walkOffConcerns) ||
					!s.Left.Surge || !s.CrewChanges.Surge || !s.Concerns.Surge || !s.Any() {
					t.Errorf("the walk-off is not a surge on the dashboard: %+v", s)
				}
				r.expect(t, "crew", "GET", r.prod+"/surge", "", http.StatusForbidden)
				body := r.refused(t, "armorer", "POST", r.revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, "PR-1")
				if !strings.Contains(string(body), "Replacement Operator joined the crew today") {
					t.Errorf("the refusal does not name the newcomer: %s", body)
				}
				briefing := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/meetings",
					`{"topics":["Firearms on this set, for the new camera crew"],"hazards":["firearms"],"walk_through":true}`, http.StatusCreated))
				for _, who := range newcomers {
					r.expect(t, "first_ad", "POST", r.prod+"/meetings/"+briefing.ID+"/attendance", `{"person_id":"`+who+`","pin":"1357"}`, http.StatusOK)
				}
			})
			t.Run("Link6", func(t *testing.T) {
				// No safety meeting today.
				r.expect(t, "armorer", "POST", r.prod+"/ammo-lots/"+ts.ids["lot"]+"/verify-inert", `{"methods":["rattle","no_primer"],"checked":50,"witness":{"person_id":"`+ad+`","pin":"2468"}}`, http.StatusOK)
				r.expect(t, "armorer", "POST", r.revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, http.StatusOK)
				r.expect(t, "armorer", "POST", r.revolver+"/show-clear",
					`{"all_chambers":true,"witnesses":[{"person_id":"`+actor+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
				r.refused(t, "armorer", "POST", r.revolver+"/handover", `{"to":"`+actor+`","giver_pin":"2468","receiver_pin":"2468"}`, "PR-1")
				meeting := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/meetings",
					`{"topics":["Walk-through of the church"],"hazards":["firearms"],"covered_topics":`+firearmTopicsJSON+`,"walk_through":true}`, http.StatusCreated))
				for _, who := range []string{actor, ad} {
					r.expect(t, "first_ad", "POST", r.prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+who+`","pin":"2468"}`, http.StatusOK)
				}
			})
			t.Run("Link7", func(t *testing.T) {
				// Loaded from the mixed box; guns left on a cart.
				f := decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "POST", r.revolver+"/unload", `{"fired":0}`, http.StatusOK))
				if f.Firearm.LoadedRounds != 0 || f.Firearm.Custodian != ts.ids["armorer"] {
					t.Fatalf("after unloading: %+v", f.Firearm)
				}
				f = decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "POST", r.revolver+"/load", `{"lot_id":"`+ts.ids["lot"]+`","rounds":6}`, http.StatusOK))
				if f.Firearm.LoadedLot != ts.ids["lot"] || f.Firearm.LoadedRounds != 6 {
					t.Fatalf("a load records its lot and rounds: %+v", f.Firearm)
				}
				// Nobody can put it on a cart: a hand-over goes to a person
				// of the production who confirms with their own PIN.
				r.expect(t, "armorer", "POST", r.revolver+"/handover", `{"to":"the cart outside the church","giver_pin":"2468","receiver_pin":"2468"}`, http.StatusConflict)
				armory := decode[sshttp.ArmoryView](t, r.expect(t, "armorer", "GET", r.prod+"/armory", "", http.StatusOK))
				if i := slices.IndexFunc(armory.Firearms, func(f *setsafe.Firearm) bool { return f.ID == ts.ids["firearm"] }); i < 0 || armory.Firearms[i].Custodian != ts.ids["armorer"] {
					t.Fatalf("the revolver left the armorer's hands: %+v", armory.Firearms)
				}
			})
			t.Run("Link8", func(t *testing.T) {
				// The 1st AD took a gun from the cart and handed it over.
				r.refused(t, "first_ad", "POST", r.revolver+"/handover", `{"to":"`+actor+`","giver_pin":"2468","receiver_pin":"2468"}`, "FA-3")
			})
			t.Run("Link9", func(t *testing.T) {
				// "Cold gun": only some rounds checked.
				r.expect(t, "armorer", "POST", r.revolver+"/show-clear",
					`{"all_chambers":false,"witnesses":[{"person_id":"`+actor+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
				r.refused(t, "armorer", "POST", r.revolver+"/handover", `{"to":"`+actor+`","giver_pin":"2468","receiver_pin":"2468"}`, "FA-6")
				r.expect(t, "armorer", "POST", r.revolver+"/show-clear",
					`{"all_chambers":true,"witnesses":[{"person_id":"`+actor+`","pin":"2468"},{"person_id":"`+ad+`","pin":"2468"}]}`, http.StatusOK)
			})
			t.Run("Link10", func(t *testing.T) {
				// Pointed toward the camera, with people beside it.
				setup := decode[sshttp.RecordedResult](t, r.expect(t, "first_ad", "POST", r.prod+"/setups",
					`{"scene":"62","name":"Scene 62: the church rehearsal","hazards":["firearms"],"toward_people":true}`, http.StatusCreated))
				issue := `{"to":"` + actor + `","giver_pin":"2468","receiver_pin":"2468","setup_id":"` + setup.ID + `"}`
				r.refused(t, "armorer", "POST", r.revolver+"/handover", issue, "FA-9")
				r.expect(t, "armorer", "PUT", r.prod+"/setups/"+setup.ID+"/shot-plan",
					`{"shields":true,"minimum_distance":true,"remote_camera":true,"people_cleared":true,"notes":"Camera on a remote head behind a shield"}`, http.StatusOK)
				f := decode[sshttp.FirearmResult](t, r.expect(t, "armorer", "POST", r.revolver+"/handover", issue, http.StatusOK))
				if f.Firearm.Custodian != actor {
					t.Fatalf("after the issue: %+v", f.Firearm)
				}
			})
			t.Run("Link11", func(t *testing.T) {
				// The record: who loaded the revolver, from which lot, who
				// handed it to whom, and which warnings were raised and when.
				h := decode[sshttp.HistoryView](t, r.expect(t, "investigator", "GET", r.revolver+"/history", "", http.StatusOK))
				var loadedBy, lot, handedBy, handedTo string
				refusals, warnings := map[string]bool{}, 0
				for _, e := range h.Entries {
					switch e.Type {
					case "firearm.loaded":
						var b setsafe.FirearmLoaded
						mustUnmarshal(t, e.Body, &b)
						if loadedBy == "" {
							loadedBy, lot = e.Actor, b.LotID
						}
					case "firearm.handed_over":
						var b setsafe.FirearmHandedOver
						mustUnmarshal(t, e.Body, &b)
						handedBy, handedTo = b.From, b.To
					case "action.refused":
						var b setsafe.ActionRefused
						mustUnmarshal(t, e.Body, &b)
						for _, f := range b.Rules {
							refusals[f.ID] = true
						}
					case "firearm.discharge_reported":
						warnings++
					}
				}
				if loadedBy != "person:"+ts.ids["armorer"] || lot != ts.ids["lot"] || handedBy != ts.ids["armorer"] || handedTo != actor || warnings != 1 {
					t.Fatalf("the record: loaded by %s from %s, handed by %s to %s, %d warnings", loadedBy, lot, handedBy, handedTo, warnings)
				}
				for _, rule := range []string{"AM-3", "FA-7", "WS-1", "WS-2", "PR-1", "FA-2", "FA-3", "FA-6", "FA-9"} {
					if !refusals[rule] {
						t.Errorf("the revolver's record lacks the %s refusal", rule)
					}
				}
				lotHistory := decode[sshttp.HistoryView](t, r.expect(t, "investigator", "GET", r.prod+"/ammo-lots/"+ts.ids["lot"]+"/history", "", http.StatusOK))
				types := map[string]bool{}
				for _, e := range lotHistory.Entries {
					types[e.Type] = true
				}
				for _, want := range []string{"ammo_lot.received", "ammo_lot.verified_inert", "firearm.loaded", "firearm.unloaded", "action.refused"} {
					if !types[want] {
						t.Errorf("the lot's record lacks %s", want)
					}
				}
				// The written complaint: when it was raised, and when it
				// climbed past the people who did not answer it.
				concerns := decode[sshttp.ConcernList](t, r.expect(t, "investigator", "GET", r.prod+"/concerns", "", http.StatusOK))
				complaint := slices.IndexFunc(concerns.Concerns, func(c sshttp.ConcernView) bool { return !slices.Contains(r.walkOffConcerns, c.ID) })
				if len(concerns.Concerns) != 1+len(r.walkOffConcerns) || complaint < 0 {
					t.Fatalf("%d concerns on record, want the one complaint and the %d of the walk-off", len(concerns.Concerns), len(r.walkOffConcerns))
				}
				c := concerns.Concerns[complaint]
				d := decode[sshttp.ConcernDetail](t, r.expect(t, "investigator", "GET", r.prod+"/concerns/"+c.ID, "", http.StatusOK))
				var climbs []time.Time
				for _, m := range d.Messages {
					if m.Kind == "escalated" {
						climbs = append(climbs, m.At)
					}
				}
				if len(climbs) != 2 || climbs[0].Sub(c.RaisedAt) < 4*time.Hour || climbs[1].Sub(climbs[0]) < 4*time.Hour {
					t.Errorf("raised at %v, climbed at %v: want two climbs four hours apart", c.RaisedAt, climbs)
				}
				rep, err := ts.env.DB.Verify(t.Context(), ts.env.Signer.Verifier(), "")
				if err != nil || !rep.OK() {
					t.Fatalf("verify after the scenario: %v %v", err, rep.Problems)
				}
			})
		})
	}
}

type rustSet struct {
	t              *testing.T
	ts             *testServer
	prod, revolver string
	// walkOffConcerns are the concerns raised on the morning of the
	// walk-off (link 5).
	walkOffConcerns []string
}

func (r *rustSet) expect(t *testing.T, actor, method, path, body string, want int) []byte {
	t.Helper()
	status, resp := r.ts.call(t, actor, method, path, body)
	if status != want {
		t.Fatalf("%s %s as %s: %d %s, want %d", method, path, actor, status, compact(resp), want)
	}
	return resp
}

// refused checks that a request is refused with 409 naming every rule
// given, and that the refusal is recorded once: the one entry the request
// added, naming the same rules. It returns the answer.
func (r *rustSet) refused(t *testing.T, actor, method, path, body string, rules ...string) []byte {
	t.Helper()
	before := r.ts.size(t)
	resp := r.expect(t, actor, method, path, body, http.StatusConflict)
	e := errorOf(t, resp)
	for _, rule := range rules {
		if !slices.ContainsFunc(e.Rules, func(f setsafe.RuleFinding) bool { return f.ID == rule }) {
			t.Fatalf("%s %s as %s: refusal does not name %s: %s", method, path, actor, rule, compact(resp))
		}
	}
	if size := r.ts.size(t); size != before+1 {
		t.Fatalf("%s %s as %s: the refusal added %d entries, want 1", method, path, actor, size-before)
	}
	en, err := r.ts.env.DB.LedgerEntry(t.Context(), "red-mesa", before+1)
	if err != nil {
		t.Fatal(err)
	}
	record, ok := en.Event.Body.(*setsafe.ActionRefused)
	if !ok || !slices.Equal(ruleIDs(record.Rules), ruleIDs(e.Rules)) {
		t.Fatalf("%s %s as %s: the entry recorded is %s %+v, not the refusal answered %s", method, path, actor, en.Event.Type(), en.Event.Body, compact(resp))
	}
	return resp
}

// ruleIDs returns the IDs of the rules found, sorted.
func ruleIDs(found []setsafe.RuleFinding) []string {
	ids := make([]string, 0, len(found))
	for _, f := range found {
		ids = append(ids, f.ID)
	}
	slices.Sort(ids)
	return ids
}

func mustUnmarshal(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

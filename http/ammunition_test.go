package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestAmmunitionScenario receives, checks and loads ammunition through the
// public API of a running server, on each backend, and checks that each
// dangerous act is refused with the rule that applies.
func TestAmmunitionScenario(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			r := &rustSet{t: t, ts: ts, prod: "/api/v1/productions/red-mesa"}
			r.expect(t, "producer", "PUT", r.prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["safety_coordinator"]+`"}`, http.StatusOK)
			ad := ts.ids["first_ad"]
			r.expect(t, "producer", "PUT", r.prod+"/people/"+ad+"/pin", `{"pin":"2468"}`, http.StatusOK)
			witnessed := `"witness":{"person_id":"` + ad + `","pin":"2468"}`
			var lot string // the dummies received with their origin

			t.Run("Origin", func(t *testing.T) {
				// Dummies made up in the shop from live cartridges keep
				// their primers and traces of powder: live, turned away.
				r.refused(t, "armorer", "POST", r.prod+"/ammo-lots",
					`{"label":"Shop dummies","kind":"dummy","calibre":".45 Colt","source":"the shop","headstamp":"WIN 45 COLT","count":24,`+
						`"origin":{"kind":"made_up","made_from":"live_cartridges"}}`, "AM-1")
				// A box nobody can say the origin of.
				r.refused(t, "armorer", "POST", r.prod+"/ammo-lots",
					`{"label":"Mixed box","kind":"dummy","calibre":".45 Colt","source":"the truck","headstamp":"mixed","count":24}`, "AM-4")
				r.refused(t, "armorer", "POST", r.prod+"/ammo-lots",
					`{"label":"PDQ box","kind":"dummy","calibre":".45 Colt","source":"PDQ","headstamp":"PDQ 45","count":24,"origin":{"kind":"rental_house","house":"PDQ Arm & Prop"}}`, "AM-4")
				got := decode[sshttp.RecordedResult](t, r.expect(t, "armorer", "POST", r.prod+"/ammo-lots",
					`{"label":"D-2","kind":"dummy","calibre":".45 Colt","source":"PDQ","headstamp":"PDQ 45","count":24,`+
						`"origin":{"kind":"rental_house","house":"PDQ Arm & Prop","house_lot":"PDQ-2291"}}`, http.StatusCreated))
				lot = got.ID
				l := decode[setsafe.AmmoLot](t, r.expect(t, "armorer", "GET", r.prod+"/ammo-lots/"+lot, "", http.StatusOK))
				if l.OriginKind != "rental_house" || l.OriginHouse != "PDQ Arm & Prop" || l.OriginHouseLot != "PDQ-2291" {
					t.Fatalf("the lot's origin reads %+v", l)
				}
			})
			revolver := r.prod + "/firearms/" + ts.ids["firearm"]
			verify := r.prod + "/ammo-lots/" + lot + "/verify-inert"
			load := func(n string) string { return `{"lot_id":"` + lot + `","rounds":` + n + `}` }
			t.Run("CountedChecks", func(t *testing.T) {
				r.expect(t, "armorer", "POST", revolver+"/unsecure", "", http.StatusOK)
				// A check nobody witnessed, or with a wrong PIN, is not recorded.
				r.expect(t, "armorer", "POST", verify, `{"checked":4,"methods":["rattle","weight"]}`, http.StatusBadRequest)
				r.expect(t, "armorer", "POST", verify, `{"checked":4,"methods":["rattle","weight"],"witness":{"person_id":"`+ad+`","pin":"1111"}}`, http.StatusUnauthorized)
				r.expect(t, "armorer", "POST", verify, `{"checked":4,"methods":["rattle","weight"],`+witnessed+`}`, http.StatusOK)
				// Four rounds were checked: six are not loaded.
				e := errorOf(t, r.refused(t, "armorer", "POST", revolver+"/load", load("6"), "AM-3"))
				if !strings.Contains(e.Message, "Only 4 rounds of lot D-2 were checked inert") || !strings.Contains(e.Message, "6 cannot be loaded") {
					t.Fatalf("the refusal does not name the counts: %s", e.Message)
				}
				r.expect(t, "armorer", "POST", revolver+"/load", load("4"), http.StatusOK)
				r.expect(t, "armorer", "POST", revolver+"/unload", `{"fired":0}`, http.StatusOK)
			})
			t.Run("FailedCheck", func(t *testing.T) {
				// A round that does not rattle: the lot is quarantined and
				// firearm work stops.
				failed := decode[sshttp.RecordedResult](t, r.expect(t, "armorer", "POST", verify,
					`{"checked":20,"methods":["rattle","no_primer"],"failed":1,"failures":["rattle"],"note":"One round is silent",`+witnessed+`}`, http.StatusOK))
				l := decode[setsafe.AmmoLot](t, r.expect(t, "armorer", "GET", r.prod+"/ammo-lots/"+lot, "", http.StatusOK))
				if !l.Quarantined || l.VerifiedRounds != 0 || l.QuarantineReport != failed.ID {
					t.Fatalf("after a failed check the lot reads %+v", l)
				}
				report := decode[setsafe.LiveRoundReport](t, r.expect(t, "armorer", "GET", r.prod+"/live-rounds/"+failed.ID, "", http.StatusOK))
				if report.Cleared || !strings.Contains(report.Description, "Lot D-2") {
					t.Fatalf("the live round report reads %+v", report)
				}
				r.refused(t, "armorer", "POST", revolver+"/load", load("2"), "AM-1")
				// Not checked again while it is on set.
				r.expect(t, "armorer", "POST", verify, `{"checked":20,"methods":["rattle","no_primer"],`+witnessed+`}`, http.StatusConflict)
				r.expect(t, "armorer", "POST", r.prod+"/live-rounds/"+failed.ID+"/clear", `{"verified_by":"`+ad+`","pin":"2468"}`, http.StatusOK)
				// Removed from set, still quarantined until a second person
				// checks it.
				r.refused(t, "armorer", "POST", revolver+"/load", load("2"), "AM-1")
				r.expect(t, "armorer", "POST", verify, `{"checked":20,"methods":["rattle","no_primer"],`+witnessed+`}`, http.StatusBadRequest)
				r.expect(t, "assistant_armorer", "POST", verify, `{"checked":20,"methods":["rattle","no_primer","weight"],`+witnessed+`}`, http.StatusOK)
				r.expect(t, "armorer", "POST", revolver+"/load", load("2"), http.StatusOK)
			})
			t.Run("Calibre", func(t *testing.T) {
				r.expect(t, "armorer", "POST", revolver+"/unload", `{"fired":0}`, http.StatusOK)
				receive := func(label, calibre string) string {
					return decode[sshttp.RecordedResult](t, r.expect(t, "armorer", "POST", r.prod+"/ammo-lots",
						`{"label":"`+label+`","kind":"blank","load_strength":"quarter","calibre":"`+calibre+`","source":"PDQ","headstamp":"PDQ","count":50,`+
							`"origin":{"kind":"factory","maker":"Blank Industries","product":"quarter-load blank"}}`, http.StatusCreated)).ID
				}
				// Rifle blanks in the revolver: both calibres are named.
				rifle := receive("B-4440", "44 WCF")
				e := errorOf(t, r.refused(t, "armorer", "POST", revolver+"/load", `{"lot_id":"`+rifle+`","rounds":6}`, "AM-4"))
				if !strings.Contains(e.Message, "holds .44-40 rounds") || !strings.Contains(e.Message, "chambered for .45 Colt") {
					t.Fatalf("the refusal does not name both calibres: %s", e.Message)
				}
				// The revolver's calibre spelled another way is its calibre.
				colt := receive("B-45LC", "45 LC")
				r.expect(t, "armorer", "POST", revolver+"/load", `{"lot_id":"`+colt+`","rounds":6}`, http.StatusOK)
			})

		})
	}
}

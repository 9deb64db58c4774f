package http_test

import (
	"net/http"
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
				lot := decode[setsafe.AmmoLot](t, r.expect(t, "armorer", "GET", r.prod+"/ammo-lots/"+got.ID, "", http.StatusOK))
				if lot.OriginKind != "rental_house" || lot.OriginHouse != "PDQ Arm & Prop" || lot.OriginHouseLot != "PDQ-2291" {
					t.Fatalf("the lot's origin reads %+v", lot)
				}
			})
		})
	}
}

package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestDutyPages goes off and on armorer duty and hands it over on the
// armory page, with both armorers typing their PIN on the pad.
func TestDutyPages(t *testing.T) {
	ts := newTestServer(t, storagetest.Backends()[0], "")
	ts.seed(t)
	must := ts.caller(t)
	prod := "/productions/red-mesa"
	api := "/api/v1" + prod
	armorer, assistant := ts.ids["armorer"], ts.ids["assistant_armorer"]
	must("producer", "PUT", api+"/people/"+armorer+"/pin", `{"pin":"2468"}`, http.StatusOK)
	must("producer", "PUT", api+"/people/"+assistant+"/pin", `{"pin":"1357"}`, http.StatusOK)
	must("safety_coordinator", "POST", api+"/people/"+assistant+"/permits", `{"kind":"armorer","number":"NM-9","issuer":"State","expires":"2030-12-31"}`, http.StatusCreated)
	must("producer", "PUT", api+"/safety/compliance-contact", `{"person_id":"`+ts.ids["safety_coordinator"]+`"}`, http.StatusOK)
	must("armorer", "POST", api+"/firearms/"+ts.ids["firearm"]+"/unsecure", "", http.StatusOK)

	if _, body := page(t, ts, "armorer", prod+"/armory"); !strings.Contains(body, "Armorer duty") || !strings.Contains(body, "Go off duty") ||
		!strings.Contains(body, "/armory/duty/handover?to="+assistant) {
		t.Fatalf("the armory page does not offer the duty: %.2000s", body)
	}
	// Holding the revolver, the armorer does not go off duty.
	status, _, body := postForm(t, ts, "armorer", prod+"/armory/duty/end", url.Values{"reason": {"Lunch"}})
	if status != http.StatusConflict || !strings.Contains(body, "You still hold the Colt Single Action Army (SN 4417)") {
		t.Fatalf("going off duty holding the revolver: %d %.600s", status, body)
	}
	handover := prod + "/armory/duty/handover"
	if _, body := page(t, ts, "armorer", handover+"?to="+assistant); !strings.Contains(body, "Hand the armorer&#39;s duty over to The Assistant armorer") ||
		!strings.Contains(body, "the Colt Single Action Army (SN 4417) is with The Armorer") || !strings.Contains(body, `name="receiver_pin"`) {
		t.Fatalf("the handover pad: %.2000s", body)
	}
	status, _, body = postForm(t, ts, "armorer", handover, url.Values{"to": {assistant}, "giver_pin": {"2468"}, "receiver_pin": {"0000"}})
	if status != http.StatusUnauthorized || !strings.Contains(body, "The Assistant armorer") {
		t.Fatalf("a wrong PIN: %d %.600s", status, body)
	}
	status, loc, body := postForm(t, ts, "armorer", handover, url.Values{"to": {assistant}, "giver_pin": {"2468"}, "receiver_pin": {"1357"}})
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=duty-handed-over") {
		t.Fatalf("the handover: %d %s %.600s", status, loc, body)
	}
	if _, body := page(t, ts, "armorer", loc); !strings.Contains(body, "The Armorer: <span>off duty") || !strings.Contains(body, "Come on duty") ||
		!strings.Contains(body, "Out with The Assistant armorer") {
		t.Fatalf("the armory page after the handover: %.3000s", body)
	}
	status, loc, body = postForm(t, ts, "armorer", prod+"/armory/duty/start", url.Values{})
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=duty-start") {
		t.Fatalf("coming back on duty: %d %s %.600s", status, loc, body)
	}
}

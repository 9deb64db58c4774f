package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestAmmunitionPages receives a lot with its origin and checks its rounds
// inert through the phone pages' forms, as the API does.
func TestAmmunitionPages(t *testing.T) {
	ts := newTestServer(t, storagetest.Backends()[0], "")
	ts.seed(t)
	must := ts.caller(t)
	prod := "/productions/red-mesa"
	ad := ts.ids["first_ad"]
	must("producer", "PUT", "/api/v1"+prod+"/people/"+ad+"/pin", `{"pin":"2468"}`, http.StatusOK)
	lot := url.Values{"label": {"D-3"}, "kind": {"dummy"}, "calibre": {".45 Colt"}, "source": {"the shop"}, "headstamp": {"WIN 45"}, "count": {"24"},
		"origin.kind": {"made_up"}, "origin.made_from": {"live_cartridges"}}
	status, _, body := postForm(t, ts, "armorer", prod+"/armory/lots", lot)
	if status != http.StatusConflict || !strings.Contains(body, "made up from live cartridges") || !strings.Contains(body, `value="D-3"`) {
		t.Fatalf("a lot made from live cartridges: %d %.400s", status, body)
	}
	lot.Set("origin.made_from", "new_components")
	status, loc, body := postForm(t, ts, "armorer", prod+"/armory/lots", lot)
	if status != http.StatusSeeOther || !strings.Contains(loc, prod+"/lots/") {
		t.Fatalf("receive a lot: %d %s %.400s", status, loc, body)
	}
	if _, page := page(t, ts, "armorer", loc); !strings.Contains(page, "new empty cases and inert projectiles") || !strings.Contains(page, "Check rounds inert") {
		t.Fatalf("the lot page: %.600s", page)
	}
	check := url.Values{"checked": {"12"}, "methods": {"rattle", "no_primer"}, "witness.person_id": {ad}, "witness.pin": {"2468"}}
	status, done, body := postForm(t, ts, "armorer", loc+"/verify-inert", check)
	if status != http.StatusSeeOther || !strings.Contains(done, "done=checked") {
		t.Fatalf("check rounds inert: %d %s %.400s", status, done, body)
	}
	if _, page := page(t, ts, "armorer", done); !strings.Contains(page, "12 rounds checked and not loaded yet") {
		t.Fatalf("the lot page after the check: %.600s", page)
	}
	check = url.Values{"checked": {"12"}, "methods": {"rattle"}, "failed": {"1"}, "failures": {"rattle"}, "witness.person_id": {ad}, "witness.pin": {"2468"}}
	if status, _, body := postForm(t, ts, "armorer", loc+"/verify-inert", check); status != http.StatusSeeOther {
		t.Fatalf("a failed check: %d %.400s", status, body)
	}
	if _, page := page(t, ts, "armorer", loc); !strings.Contains(page, "Quarantined") {
		t.Fatalf("the lot page after a failed check: %.600s", page)
	}
}

package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestMalfunctionPages reports a misfire on the firearm page, with when it
// happened on the set's clock, and puts the firearm back in service there
// once the armorer inspected it.
func TestMalfunctionPages(t *testing.T) {
	ts := newTestServer(t, storagetest.Backends()[0], "")
	ts.seed(t)
	firearm := "/productions/red-mesa/firearms/" + ts.ids["firearm"]
	if _, page := page(t, ts, "armorer", firearm); !strings.Contains(page, `<option value="suspected_squib">Suspected squib`) ||
		!strings.Contains(page, `type="datetime-local" max="2021-10-21T01:00"`) {
		t.Fatalf("the report form offers no kinds or no time on the set's clock: %.3000s", page)
	}
	// The clock reads 01:00 in Santa Fe: 02:00 is still to come.
	report := url.Values{"kind": {"misfire"}, "description": {"Hammer fell, no report"}, "occurred_at": {"2021-10-21T02:00"}}
	status, _, body := postForm(t, ts, "first_ad", firearm+"/discharge", report)
	if status != http.StatusBadRequest || !strings.Contains(body, "is in the future") || !strings.Contains(body, `value="2021-10-21T02:00"`) {
		t.Fatalf("a misfire in the future: %d %.600s", status, body)
	}
	report.Set("occurred_at", "2021-10-20T22:15")
	status, done, body := postForm(t, ts, "first_ad", firearm+"/discharge", report)
	if status != http.StatusSeeOther || !strings.Contains(done, "done=discharge") {
		t.Fatalf("report a misfire: %d %s %.400s", status, done, body)
	}
	_, page := page(t, ts, "armorer", done)
	for _, want := range []string{"Out of service", "Misfire: the hammer fell and nothing fired", "Happened 2021-10-20 22:15 MDT, reported 2021-10-21 01:00 MDT", "Put it back in service"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the firearm page after the misfire does not say %q: %.3000s", want, page)
		}
	}
	status, _, body = postForm(t, ts, "armorer", firearm+"/return-to-service", url.Values{"bore_clear": {"yes"}})
	if status != http.StatusConflict || !strings.Contains(body, "FA-7") {
		t.Fatalf("back in service without an inspection: %d %.600s", status, body)
	}
	if status, _, body := postForm(t, ts, "armorer", firearm+"/inspect", url.Values{"bore_clear": {"yes"}, "functions": {"yes"}, "condition": {"Good"}}); status != http.StatusSeeOther {
		t.Fatalf("inspect: %d %.400s", status, body)
	}
	if status, _, body := postForm(t, ts, "armorer", firearm+"/return-to-service", url.Values{"bore_clear": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("back in service: %d %.400s", status, body)
	}
}

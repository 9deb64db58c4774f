package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestFormsRefuseInvalidText posts page forms holding bytes that are not
// UTF-8: each is refused, naming the field (400, or 422 where the page
// shows its form again with the problem), and records nothing, whether the
// field is one the action reads or not.
func TestFormsRefuseInvalidText(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	fa := "/productions/red-mesa/firearms/" + ts.ids["firearm"]
	tests := []struct {
		name, actor, path, field string
		form                     url.Values
		multipart                bool
	}{
		{"a person's name", "producer", "/productions/red-mesa/people", "name", url.Values{"name": {"Ana \xffRuiz"}}, false},
		{"a field the action does not read", "armorer", fa + "/unsecure", "note", url.Values{"note": {"\xc3"}}, false},
		{"a stop-work's reason", "first_ad", "/productions/red-mesa/today/stop-work", "reason", url.Values{"scope": {"production"}, "reason": {"smoke \xe2\x82"}}, false},
		{"a concern with photos", "crew", "/productions/red-mesa/concerns/new", "location", url.Values{"category": {"firearms"}, "severity": {"normal"},
			"description": {"A loose grip"}, "location": {"Stable \xff"}, "mode": {"named"}}, true},
		{"an anonymous report", "", "/report/red-mesa", "description", url.Values{"category": {"firearms"}, "severity": {"normal"}, "description": {"x \xff"}}, true},
		{"the sign-in form", "", "/login", "email", url.Values{"email": {"dana\xff@example.com"}, "password": {"x"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := ts.size(t)
			var status int
			var body string
			if tt.multipart {
				fields := map[string]string{}
				for k, v := range tt.form {
					fields[k] = v[0]
				}
				status, _, body = postMultipart(t, ts, tt.actor, tt.path, fields)
			} else {
				status, _, body = postForm(t, ts, tt.actor, tt.path, tt.form)
			}
			if says := tt.field + ": the text holds bytes that are not UTF-8"; (status != http.StatusBadRequest && status != http.StatusUnprocessableEntity) || !strings.Contains(body, says) {
				t.Errorf("%d, want 400 or 422 saying %q: %.3000s", status, says, body)
			}
			if after := ts.size(t); after != before {
				t.Errorf("the form recorded %d entries", after-before)
			}
		})
	}
}

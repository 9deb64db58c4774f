package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRefusedFormSaysWhereToOpenSetsafe sends forms from another site and
// from the server's own address when its public URL is another, as a
// browser that sends no Sec-Fetch-Site does: each
// refusal names the public address to open setsafe at, and the log warns
// once of the address that is not the public URL.
func TestRefusedFormSaysWhereToOpenSetsafe(t *testing.T) {
	var log syncLog
	ts := newLoggedServer(t, "https://setsafe.example.com", &log)
	own := "http://" + strings.TrimPrefix(ts.URL, "http://")
	form := url.Values{"email": {"a@example.com"}, "password": {"x"}}
	for _, origin := range []string{"https://elsewhere.example", own, own} {
		req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
		if origin != own {
			req.Header.Set("Sec-Fetch-Site", "cross-site")
		} // else as a browser that says nothing more
		status, _, body := send(t, ts, "", req)
		if status != http.StatusForbidden || !strings.Contains(body, "Open setsafe at https://setsafe.example.com and send the form again") {
			t.Errorf("a form from %s: %d %.3000s", origin, status, body)
		}
	}
	if n := strings.Count(log.String(), "--public-url"); n != 1 {
		t.Errorf("the log warns %d times of a form from the server's own address, want once:\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "origin="+own) {
		t.Errorf("the warning does not name the address:\n%s", log.String())
	}
}

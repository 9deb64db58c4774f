package http_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
)

// postOpenJSON posts an anonymous report's JSON as a client: its words,
// then photos that keep coming until the answer is read.
func postOpenJSON(t *testing.T, ts *testServer, client, words string) *openForm {
	t.Helper()
	return postOpen(t, ts, client, "/api/v1/report/red-mesa/concerns", "application/json", func(pw *io.PipeWriter) {
		io.WriteString(pw, strings.TrimSuffix(words, "}")+`,"photos":[{"content_type":"image/jpeg","data":"`)
		pw.Write([]byte(strings.Repeat("/9j/", 1<<18))) // a megabyte of a photo that never ends
	})
}

// TestAnonymousJSONChecksBeforePhotos sends anonymous reports over the
// API whose photos come after their words, and keep coming: a report
// whose words are wrong, one from a client beyond its limit, and one whose
// work is another client's, are each answered before the photos are read;
// a report sent with its words after its photos is checked after them.
func TestAnonymousJSONChecksBeforePhotos(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	const reporter, flooder = "198.51.100.21", "203.0.113.21"
	status, _, body := postOpenJSON(t, ts, reporter, `{"category":"pyrotechnics","severity":"high","description":"Squibs left on the set"}`).answer(t)
	if status != http.StatusBadRequest || !strings.Contains(body, `"category"`) {
		t.Fatalf("a report whose category is wrong: %d %s", status, body)
	}
	for i := range 10 {
		if status, _, body := anonymousCall(t, ts, flooder, "POST", "/api/v1/report/red-mesa/concerns", `{"category":"other","severity":"normal","description":"flood"}`); status != http.StatusCreated {
			t.Fatalf("report %d: %d %s", i, status, body)
		}
	}
	status, h, body := postOpenJSON(t, ts, flooder, `{"category":"fire_and_pyrotechnics","severity":"high","description":"Squibs left on the set"}`).answer(t)
	if status != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(body, "mark it critical") {
		t.Fatalf("a report from a client beyond its limit: %d %s", status, body)
	}
	other := challengeFor(t, ts, reporter)
	status, _, body = postOpenJSON(t, ts, flooder, withWork(`{"category":"fire_and_pyrotechnics","severity":"critical","description":"Squibs left on the set"}`,
		other.Challenge, proofOf(other.Challenge, 17))).answer(t)
	if status != http.StatusTooManyRequests || !strings.Contains(body, "/api/v1/report/red-mesa/challenge") {
		t.Fatalf("a critical report with another client's work: %d %s", status, body)
	}

	// Words after the photos: read whole, then refused as before.
	photosFirst := `{"photos":[{"content_type":"image/jpeg","data":"/9j/"}],"category":"fire_and_pyrotechnics","severity":"high","description":"Squibs"}`
	if status, _, body := anonymousCall(t, ts, flooder, "POST", "/api/v1/report/red-mesa/concerns", photosFirst); status != http.StatusTooManyRequests {
		t.Fatalf("a report with its photos first, from a client beyond its limit: %d %s", status, body)
	}
}

// TestUnrecordedReportsCostNoAllowance sends anonymous reports that cannot
// be recorded, their words or their photos wrong, over the API and the
// form: none counts against the client's limit, and the client's ten
// reports go through after them; an eleventh does not.
func TestUnrecordedReportsCostNoAllowance(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	const client = "198.51.100.31"
	const reports = "/api/v1/report/red-mesa/concerns"
	wrong := []string{
		`{"category":"gunfire","severity":"high","description":"Blanks fired towards the crew"}`,
		`{"category":"firearms","severity":"urgent","description":"Blanks fired towards the crew"}`,
		`{"category":"firearms","severity":"high","description":"   "}`,
		`{"category":"firearms","severity":"high","setup_id":"no-such-setup","description":"Blanks fired towards the crew"}`,
		`{"category":"firearms","severity":"high","description":"Blanks fired towards the crew","photos":[{"content_type":"image/gif","data":"R0lGODlh"}]}`,
		`{"category":"firearms","severity":"high","description":"Blanks fired towards the crew","photos":[{"content_type":"image/jpeg","data":"bm90IGEgcGhvdG8="}]}`,
	}
	for range 2 {
		for _, body := range wrong {
			if status, _, answer := anonymousCall(t, ts, client, "POST", reports, body); status != http.StatusBadRequest {
				t.Fatalf("%s: %d %s, want 400", body, status, answer)
			}
		}
	}
	form := url.Values{"category": {"gunfire"}, "severity": {"high"}, "description": {"Blanks fired towards the crew"}}
	for range 2 {
		if status, _, page := callFrom(t, ts, client, "POST", "/report/red-mesa", "application/x-www-form-urlencoded", form.Encode()); status != http.StatusUnprocessableEntity {
			t.Fatalf("the form with a wrong category: %d %.500s", status, page)
		}
	}
	for i := range 10 {
		if status, _, body := anonymousCall(t, ts, client, "POST", reports, `{"category":"other","severity":"normal","description":"A loose cable"}`); status != http.StatusCreated {
			t.Fatalf("report %d after those not recorded: %d %s", i, status, body)
		}
	}
	status, _, body := anonymousCall(t, ts, client, "POST", reports, `{"category":"other","severity":"normal","description":"A loose cable"}`)
	if status != http.StatusTooManyRequests || errorOf(t, body).Code != setsafe.ERateLimited {
		t.Fatalf("the eleventh report: %d %s", status, body)
	}
}

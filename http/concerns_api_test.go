package http_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestConcernsThroughTheAPI raises concerns by name and confidentially and
// checks who may read them, that a confidential reporter's name is seen
// by the safety coordinator and the reporter only, and that concerns move
// on, are answered and flagged overdue by the server's clock.
func TestConcernsThroughTheAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			prod := "/api/v1/productions/red-mesa"
			must := ts.caller(t)
			confidential := decode[sshttp.RecordedResult](t, must("cast", "POST", prod+"/concerns",
				`{"category":"stunts","severity":"high","location":"Stable yard","description":"The fall mat has a torn seam","mode":"confidential"}`, http.StatusCreated)).ID
			named := decode[sshttp.RecordedResult](t, must("crew", "POST", prod+"/concerns",
				`{"category":"fatigue_and_hours","severity":"normal","description":"Fourteen-hour days all week","mode":"named"}`, http.StatusCreated)).ID
			// Anonymous is for signed-out reporters only.
			if e := errorOf(t, must("crew", "POST", prod+"/concerns", `{"category":"other","severity":"normal","description":"x","mode":"anonymous"}`, http.StatusBadRequest)); e.Fields["mode"] == "" {
				t.Errorf("anonymous while signed in: %+v", e)
			}
			if e := errorOf(t, must("crew", "POST", prod+"/concerns", `{"category":"guns","severity":"urgent","description":"","mode":"named"}`, http.StatusBadRequest)); e.Fields["category"] == "" || e.Fields["severity"] == "" || e.Fields["description"] == "" {
				t.Errorf("bad fields: %+v", e)
			}

			list := func(actor, query string) map[string]sshttp.ConcernView {
				t.Helper()
				l := decode[sshttp.ConcernList](t, must(actor, "GET", prod+"/concerns"+query, "", http.StatusOK))
				out := map[string]sshttp.ConcernView{}
				for _, c := range l.Concerns {
					out[c.ID] = c
				}
				return out
			}
			tests := []struct {
				actor       string
				see         []string
				seeReporter map[string]bool
			}{
				{"safety_coordinator", []string{confidential, named}, map[string]bool{confidential: true, named: true}},
				{"department_head", []string{confidential, named}, map[string]bool{confidential: false, named: true}},
				{"producer", []string{confidential, named}, map[string]bool{confidential: false, named: true}},
				{"investigator", []string{confidential, named}, map[string]bool{confidential: false, named: true}},
				{"cast", []string{confidential}, map[string]bool{confidential: true}},
				{"crew", []string{named}, map[string]bool{named: true}},
				{"armorer", nil, nil},
			}
			for _, tt := range tests {
				got := list(tt.actor, "")
				if len(got) != len(tt.see) {
					t.Errorf("%s sees %d concerns, want %d", tt.actor, len(got), len(tt.see))
				}
				for _, id := range tt.see {
					c, ok := got[id]
					if !ok {
						t.Errorf("%s does not see concern %s", tt.actor, id)
						continue
					}
					if (c.Reporter != "") != tt.seeReporter[id] {
						t.Errorf("%s sees reporter %q of the %s concern", tt.actor, c.Reporter, c.Mode)
					}
				}
			}
			// Someone else's concern does not exist for crew.
			must("crew", "GET", prod+"/concerns/"+confidential, "", http.StatusNotFound)

			// The conversation: the reporter's reply carries no name for
			// those who may not know it.
			must("department_head", "POST", prod+"/concerns/"+confidential+"/answers", `{"text":"Which mat?"}`, http.StatusCreated)
			must("cast", "POST", prod+"/concerns/"+confidential+"/replies", `{"text":"The blue one by the stable"}`, http.StatusCreated)
			must("crew", "POST", prod+"/concerns/"+confidential+"/replies", `{"text":"Not mine"}`, http.StatusForbidden)
			for actor, want := range map[string]string{"department_head": "", "safety_coordinator": ts.ids["cast"], "cast": ts.ids["cast"]} {
				d := decode[sshttp.ConcernDetail](t, must(actor, "GET", prod+"/concerns/"+confidential, "", http.StatusOK))
				if len(d.Messages) != 2 || d.Messages[1].Kind != "reply" || d.Messages[1].Author != want {
					t.Errorf("%s reads the conversation %+v, want the reply by %q", actor, d.Messages, want)
				}
				if body := must(actor, "GET", prod+"/concerns/"+confidential, "", http.StatusOK); want == "" && strings.Contains(string(body), ts.ids["cast"]) {
					t.Errorf("%s can read the confidential reporter's ID: %s", actor, body)
				}
			}

			// The ledger, which producers and investigators read, never
			// names the confidential reporter: their entries are the
			// anonymous actor's, with a seal in place of the name.
			entries := decode[sshttp.EntriesView](t, must("investigator", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", "", http.StatusOK))
			reporterEntries := 0
			for _, e := range entries.Entries {
				if !strings.Contains(string(e.Body), confidential) {
					continue
				}
				if strings.Contains(e.Actor, ts.ids["cast"]) || strings.Contains(string(e.Body), ts.ids["cast"]) {
					t.Errorf("entry %d (%s) names the confidential reporter: %s %s", e.Seq, e.Type, e.Actor, e.Body)
				}
				if e.Type == "concern.raised" || e.Type == "concern.replied" {
					reporterEntries++
					if e.Actor != setsafe.Anonymous.String() {
						t.Errorf("entry %d (%s) is recorded as %s, want the anonymous actor", e.Seq, e.Type, e.Actor)
					}
				}
			}
			if reporterEntries != 2 {
				t.Errorf("found %d of the reporter's 2 entries", reporterEntries)
			}
			// The answer reaches the confidential reporter's inbox, and
			// nobody else's.
			inbox := func(actor string) []setsafe.Notification {
				return decode[sshttp.InboxView](t, must(actor, "GET", prod+"/notifications", "", http.StatusOK)).Notifications
			}
			if got := inbox("cast"); len(got) != 1 || got[0].About != confidential || got[0].Text != "Which mat?" {
				t.Errorf("the confidential reporter's inbox: %+v", got)
			}
			if got := inbox("crew"); len(got) != 0 {
				t.Errorf("crew's inbox: %+v", got)
			}

			// Moves, with why.
			must("crew", "POST", prod+"/concerns/"+named+"/move", `{"state":"acknowledged"}`, http.StatusForbidden)
			must("producer", "POST", prod+"/concerns/"+named+"/move", `{"state":"acknowledged"}`, http.StatusOK)
			if e := errorOf(t, must("producer", "POST", prod+"/concerns/"+named+"/move", `{"state":"resolved"}`, http.StatusBadRequest)); e.Fields["why"] == "" {
				t.Errorf("resolving without why: %+v", e)
			}
			must("producer", "POST", prod+"/concerns/"+named+"/move", `{"state":"resolved","why":"Turnaround of 12 hours from Monday"}`, http.StatusOK)
			must("producer", "POST", prod+"/concerns/"+named+"/move", `{"state":"acknowledged"}`, http.StatusConflict)
			if got := list("producer", "?state=resolved"); len(got) != 1 || got[named].State != setsafe.ConcernResolved || got[named].ClosedAt.IsZero() {
				t.Errorf("resolved concerns: %+v", got)
			}
			if got := list("producer", "?severity=high"); len(got) != 1 || got[confidential].ID == "" {
				t.Errorf("high concerns: %+v", got)
			}
			if e := errorOf(t, must("producer", "GET", prod+"/concerns?state=done&severity=urgent", "", http.StatusBadRequest)); e.Fields["state"] == "" || e.Fields["severity"] == "" {
				t.Errorf("bad filters: %+v", e)
			}

			// Overdue by the server's clock: the open one, not the
			// resolved one.
			if got := list("producer", ""); got[confidential].Overdue {
				t.Errorf("overdue at once: %+v", got[confidential])
			}
			ts.env.Clock.Advance(72 * time.Hour)
			if got := list("producer", ""); !got[confidential].Overdue || got[named].Overdue {
				t.Errorf("after three days: %+v", got)
			}
		})
	}
}

// TestAnonymousConcern raises a concern anonymously from a browser that is
// signed in, and checks that nothing ties it to the account, the session
// or the address: not the entry, not the credentials, not the log. The
// reporter reads the answer and replies with the receipt code, and the
// open critical firearm concern stops firearm work (WS-3).
func TestAnonymousConcern(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var log syncLog
			ts := newTestServer(t, b, "", func(c *sshttp.Config) {
				c.Logger = slogText(&log)
			})
			ts.seed(t)
			prod := "/api/v1/productions/red-mesa"
			// A browser signed in as crew, which then reports anonymously.
			jar, _ := cookiejar.New(nil)
			client := *ts.Client()
			client.Jar = jar
			resp := post(t, &client, ts.URL+"/api/v1/session", "application/json", `{"email":"crew@example.com","password":"password-of-crew"}`)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("sign in: %d", resp.StatusCode)
			}
			var session string
			for _, c := range resp.Cookies() {
				session = c.Value
			}
			const agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) ReporterPhone/1.0"
			photo, err := os.ReadFile("testdata/gps.jpg")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(sshttp.AnonymousConcernRequest{Category: "firearms", Severity: "critical", Location: "Church set",
				Description: "Someone was plinking with the prop guns at lunch", Photos: []sshttp.PhotoUpload{{ContentType: "image/jpeg", Data: photo}}})
			req, _ := http.NewRequest("POST", ts.URL+"/api/v1/report/red-mesa/concerns", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", agent)
			req.Header.Set("Authorization", "Bearer "+ts.tokens["crew"])
			resp, err = client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("anonymous report: %d %s", resp.StatusCode, answer)
			}
			if len(resp.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("the anonymous report set a cookie: %v", resp.Header.Values("Set-Cookie"))
			}
			receipt := decode[sshttp.ReceiptResult](t, answer)
			if !regexp.MustCompile(`^\d{4}( \d{4}){4}$`).MatchString(receipt.Code) {
				t.Fatalf("receipt code %q is not 20 digits in groups of 4", receipt.Code)
			}
			digits := strings.ReplaceAll(receipt.Code, " ", "")

			// The entry: the anonymous actor, no reporter, nothing of the
			// account, the person, the session, the address or the code.
			entries := decode[sshttp.EntriesView](t, concernCall(t, ts, "producer", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", ""))
			var raised []byte
			for _, e := range entries.Entries {
				if e.Type == "concern.raised" {
					if e.Actor != "anonymous" {
						t.Errorf("the concern's actor is %q", e.Actor)
					}
					raised, _ = json.Marshal(e)
				}
			}
			if raised == nil {
				t.Fatal("no concern.raised entry")
			}
			secrets := map[string]string{"account": ts.ids["account:crew"], "person": ts.ids["crew"], "session": session,
				"address": "127.0.0.1", "user agent": "ReporterPhone", "code": digits, "grouped code": receipt.Code}
			for what, s := range secrets {
				if s != "" && strings.Contains(string(raised), s) {
					t.Errorf("the entry holds the %s: %s", what, raised)
				}
			}
			// The receipt's credential: a slow hash, found by the concern.
			hash, err := ts.env.DB.CredentialHash(context.Background(), "red-mesa", setsafe.CredentialReceipt, receipt.ID)
			if err != nil || !strings.HasPrefix(hash, "$argon2id$") {
				t.Fatalf("receipt credential: %q, %v", hash, err)
			}
			for what, s := range secrets {
				if s != "" && strings.Contains(hash, s) {
					t.Errorf("the credential holds the %s: %s", what, hash)
				}
			}

			// The photo: no EXIF left.
			d := decode[sshttp.ConcernDetail](t, concernCall(t, ts, "safety_coordinator", "GET", prod+"/concerns/"+receipt.ID, ""))
			if d.Concern.Reporter != "" || d.Concern.Mode != setsafe.ReportAnonymous || len(d.Photos) != 1 {
				t.Fatalf("the anonymous concern as the coordinator sees it: %+v", d)
			}
			stored := concernCall(t, ts, "safety_coordinator", "GET", prod+"/concerns/"+receipt.ID+"/photos/"+d.Photos[0].File, "")
			if strings.Contains(string(stored), "Exif") || strings.Contains(string(stored), "GPSCam") || len(stored) < 100 {
				t.Errorf("the stored photo keeps its metadata (%d bytes)", len(stored))
			}

			// An open critical firearm concern stops firearm work (WS-3).
			concernCall(t, ts, "producer", "PUT", prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`)
			status, refusal := ts.call(t, "armorer", "POST", prod+"/firearms/"+ts.ids["firearm"]+"/unsecure", "")
			if e := errorOf(t, refusal); status != http.StatusConflict || !hasRule(e, "WS-3") {
				t.Fatalf("issuing a firearm with the concern open: %d %s", status, refusal)
			}

			// The coordinator answers; the reporter reads it with the code
			// and replies.
			concernCall(t, ts, "safety_coordinator", "POST", prod+"/concerns/"+receipt.ID+"/move", `{"state":"acknowledged"}`)
			concernCall(t, ts, "safety_coordinator", "POST", prod+"/concerns/"+receipt.ID+"/answers", `{"text":"Thank you. Where were they stored?"}`)
			code := func(c string) string { b, _ := json.Marshal(c); return string(b) }
			for _, typed := range []string{receipt.Code, digits, strings.ReplaceAll(receipt.Code, " ", "-")} {
				read := decode[sshttp.ConcernDetail](t, concernCall(t, ts, "", "POST", "/api/v1/report/red-mesa/receipt", `{"code":`+code(typed)+`}`))
				if read.Concern.State != setsafe.ConcernAcknowledged || len(read.Messages) != 2 || read.Messages[1].Text != "Thank you. Where were they stored?" {
					t.Fatalf("read with the code %q: %+v", typed, read)
				}
			}
			concernCall(t, ts, "", "POST", "/api/v1/report/red-mesa/receipt/replies", `{"code":`+code(receipt.Code)+`,"text":"In the second prop case"}`)
			d = decode[sshttp.ConcernDetail](t, concernCall(t, ts, "safety_coordinator", "GET", prod+"/concerns/"+receipt.ID, ""))
			if last := d.Messages[len(d.Messages)-1]; last.Kind != "reply" || last.Author != "" || last.Text != "In the second prop case" {
				t.Errorf("the anonymous reply: %+v", last)
			}
			entries = decode[sshttp.EntriesView](t, concernCall(t, ts, "producer", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", ""))
			if last := entries.Entries[len(entries.Entries)-1]; last.Type != "concern.replied" || last.Actor != "anonymous" {
				t.Errorf("the reply's entry: %+v", last)
			}

			// Wrong codes.
			tests := []struct {
				code string
				want int
			}{
				{"0000 0000 0000 0000 0000", http.StatusNotFound},
				{"1234", http.StatusBadRequest},
				{digits + "1", http.StatusBadRequest},
				{"abcd efgh ijkl mnop qrst", http.StatusBadRequest},
			}
			for _, tt := range tests {
				if status, body := ts.call(t, "", "POST", "/api/v1/report/red-mesa/receipt", `{"code":`+code(tt.code)+`}`); status != tt.want {
					t.Errorf("code %q: %d %s, want %d", tt.code, status, body, tt.want)
				}
			}
			// Another production's code space is its own.
			if status, _ := ts.call(t, "", "POST", "/api/v1/report/blue-ridge/receipt", `{"code":`+code(receipt.Code)+`}`); status != http.StatusNotFound {
				t.Errorf("the code read in another production: %d", status)
			}

			// The log: requests, but none of the anonymous reporter's (see
			// TestAnonymousReportsLeaveNoTrace), and no address, agent,
			// session or code.
			got := log.String()
			if !strings.Contains(got, "/api/v1/session") {
				t.Fatalf("the log holds no request, so this test sees nothing:\n%s", got)
			}
			for what, s := range secrets {
				if what != "person" && what != "account" && s != "" && strings.Contains(got, s) {
					t.Errorf("the server's log holds the %s:\n%s", what, got)
				}
			}
		})
	}
}

func hasRule(e sshttp.ErrorDetail, id string) bool {
	for _, r := range e.Rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// concernCall makes a request and fails the test unless it succeeds.
func concernCall(t *testing.T, ts *testServer, actor, method, path, body string) []byte {
	t.Helper()
	status, answer := ts.call(t, actor, method, path, body)
	if status != http.StatusCreated && status != http.StatusOK {
		t.Fatalf("%s %s as %q: %d %s", method, path, actor, status, answer)
	}
	return answer
}

// TestConcernPhotosLoseTheirMetadata sends the fixture photo, which holds
// an EXIF GPS position, with a concern, and checks the stored photo holds
// none; a file that is not a photo is refused.
func TestConcernPhotosLoseTheirMetadata(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	photo, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(photo), "Exif") || !strings.Contains(string(photo), "GPSCam") {
		t.Fatal("the fixture holds no EXIF: this test would see nothing")
	}
	prod := "/api/v1/productions/red-mesa"
	tests := []struct {
		name, contentType string
		data              []byte
		want              int
	}{
		{"JPEG with GPS", "image/jpeg", photo, http.StatusCreated},
		{"not a photo", "image/jpeg", []byte("GIF89a not really"), http.StatusBadRequest},
		{"a PDF", "application/pdf", []byte("%PDF-1.4"), http.StatusBadRequest},
	}
	for _, tt := range tests {
		body := fmt.Sprintf(`{"category":"equipment","severity":"normal","description":"Frayed cable","mode":"named","photos":[{"content_type":%q,"data":%q}]}`,
			tt.contentType, base64.StdEncoding.EncodeToString(tt.data))
		status, answer := ts.call(t, "crew", "POST", prod+"/concerns", body)
		if status != tt.want {
			t.Errorf("%s: %d %s, want %d", tt.name, status, answer, tt.want)
			continue
		}
		if status != http.StatusCreated {
			continue
		}
		id := decode[sshttp.RecordedResult](t, answer).ID
		d := decode[sshttp.ConcernDetail](t, concernCall(t, ts, "crew", "GET", prod+"/concerns/"+id, ""))
		if len(d.Photos) != 1 {
			t.Fatalf("%s: photos %+v", tt.name, d.Photos)
		}
		stored := concernCall(t, ts, "crew", "GET", prod+"/concerns/"+id+"/photos/"+d.Photos[0].File, "")
		if strings.Contains(string(stored), "Exif") || strings.Contains(string(stored), "GPSCam") || stored[0] != 0xff || stored[1] != 0xd8 {
			t.Errorf("%s: the stored photo keeps its metadata or is no JPEG", tt.name)
		}
	}
}

// slogText is a logger that writes everything, debug included, to w.
func slogText(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

package http_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/notify"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// The anonymous reporter's phone: its address, what it says of itself, and
// what a proxy on the way might add.
const (
	reporterAddress   = "127.0.0.2"
	reporterAgent     = "Mozilla/5.0 (Linux; Android 14) ReporterPhone/7.3"
	reporterForwarded = "203.0.113.77"
	reporterProxied   = "198.51.100.23"
)

// TestAnonymousReportsLeaveNoTrace raises an anonymous report with a photo
// through the report form and through the JSON route, at a known instant,
// lets the outbox send its e-mail and webhook at once, replies with the
// receipt code at another instant, and signs the ledger. Then it searches
// every column of every table of the database, found in the database's own
// catalogue, the webhook requests and the server's log, for the phone's
// address and user agent and for either instant to the second.
func TestAnonymousReportsLeaveNoTrace(t *testing.T) {
	for _, b := range storagetest.Backends() {
		for _, route := range []string{"form", "api"} {
			t.Run(b.Name+"/"+route, func(t *testing.T) {
				t.Parallel()
				var log syncLog
				ts := newTestServer(t, b, "", func(c *sshttp.Config) { c.Logger = slogText(&log) })
				ts.seed(t)
				ctx := context.Background()
				var hooks hookLog
				hookServer := httptest.NewServer(&hooks)
				t.Cleanup(hookServer.Close)
				op := storagetest.Operator
				storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", op, setsafe.SetLadder{Rungs: []setsafe.LadderRungSetting{
					{Rung: setsafe.RungDepartmentHead, People: []string{ts.ids["department_head"]}, Webhook: hookServer.URL}}}))
				storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", op, setsafe.SetWebhookSecret{Secret: "a secret of at least thirty-two characters"}))

				// The report and the reply each at a second and microsecond
				// of their own: nothing else in this test happens at them.
				reportAt := ts.env.Clock.Now().Add(3*time.Hour + 17*time.Minute + 23*time.Second + 456789*time.Microsecond)
				replyAt := reportAt.Add(2*time.Minute + 18*time.Second + 111111*time.Microsecond)
				instants := []time.Time{reportAt, replyAt}

				phone := reporterPhone(t)
				sender := notify.New(notify.Config{Outbox: ts.env.DB, Time: ts.env.Clock, Logger: slogText(&log)})
				ts.env.Clock.Set(reportAt)
				code := raiseAnonymously(t, ts, phone, route)
				// The server's sender sends at once.
				if _, err := sender.Tick(ctx); err != nil {
					t.Fatal(err)
				}
				if hooks.count() != 1 {
					t.Fatalf("the webhook heard of the report %d times, want once", hooks.count())
				}
				ts.env.Clock.Set(replyAt)
				replyAnonymously(t, ts, phone, route, code)
				for _, id := range []string{"red-mesa", setsafe.SiteLedger} {
					if _, err := ts.env.DB.SignCheckpoint(ctx, id); err != nil {
						t.Fatal(err)
					}
				}

				needles := []string{reporterAddress, reporterForwarded, reporterProxied, "ReporterPhone"}
				found := searchDatabase(t, ts.env.DB, needles, instants)
				found = append(found, searchText("the webhook requests", hooks.String(), needles, instants)...)
				found = append(found, searchText("the server's log", log.String(), needles, instants)...)
				for _, f := range found {
					t.Errorf("the anonymous report left a trace: %s", f)
				}
				// The request log leaves the anonymous routes out: its own
				// clock would say when the report was made.
				for line := range strings.Lines(log.String()) {
					if strings.Contains(line, "/report/{production}") {
						t.Errorf("the server's log has a line of the anonymous report: %s", line)
					}
				}

				// The search finds what it looks for: a named concern from
				// the same phone, an hour after the report to the second.
				ts.env.Clock.Set(reportAt.Add(time.Hour))
				concernCall(t, ts, "crew", "POST", "/api/v1/productions/red-mesa/concerns",
					`{"category":"other","severity":"normal","mode":"named","description":"Sent from `+reporterAddress+` by ReporterPhone"}`)
				fmt.Fprintf(&log, "time=%s msg=control client=%s\n", reportAt.Add(time.Minute).Format(time.RFC3339Nano), reporterForwarded)
				control := strings.Join(searchDatabase(t, ts.env.DB, needles, instants), "\n") + "\n" +
					strings.Join(searchText("the server's log", log.String(), needles, instants), "\n")
				for _, want := range []string{"ledger.time_us", "concerns.raised_us", "concerns.description holds " + reporterAddress,
					"ledger.entry holds ReporterPhone", "the server's log holds " + reporterForwarded, "the server's log holds the time"} {
					if !strings.Contains(control, want) {
						t.Errorf("the search missed %q in a named concern; it found:\n%s", want, control)
					}
				}
			})
		}
	}
}

// reporterPhone returns a client that connects from reporterAddress and
// says it is reporterAgent, behind proxies that named it.
func reporterPhone(t *testing.T) *http.Client {
	t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(reporterAddress)}, Timeout: 5 * time.Second}
	return &http.Client{Transport: &phoneTransport{base: &http.Transport{DialContext: dialer.DialContext}}}
}

type phoneTransport struct{ base http.RoundTripper }

func (p *phoneTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", reporterAgent)
	r.Header.Set("X-Forwarded-For", reporterForwarded)
	r.Header.Set("X-Real-IP", reporterForwarded)
	r.Header.Set("Forwarded", "for="+reporterProxied+";proto=https")
	return p.base.RoundTrip(r)
}

// raiseAnonymously raises a critical anonymous concern with a photo, from
// the phone, through the form or the JSON route, and returns its receipt
// code.
func raiseAnonymously(t *testing.T, ts *testServer, phone *http.Client, route string) string {
	t.Helper()
	photo, err := os.ReadFile("testdata/gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var resp *http.Response
	if route == "form" {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"category": "firearms", "severity": "critical", "location": "Church set",
			"description": "Someone was plinking with the prop guns at lunch"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("photos", "IMG_0001.jpg")
		fw.Write(photo)
		mw.Close()
		resp, err = phone.Post(ts.URL+"/report/red-mesa", mw.FormDataContentType(), &body)
	} else {
		body, _ := json.Marshal(sshttp.AnonymousConcernRequest{Category: "firearms", Severity: "critical", Location: "Church set",
			Description: "Someone was plinking with the prop guns at lunch", Photos: []sshttp.PhotoUpload{{ContentType: "image/jpeg", Data: photo}}})
		resp, err = phone.Post(ts.URL+"/api/v1/report/red-mesa/concerns", "application/json", bytes.NewReader(body))
	}
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("the anonymous report by %s: %d %s", route, resp.StatusCode, answer)
	}
	if route == "api" {
		return decode[sshttp.ReceiptResult](t, answer).Code
	}
	m := regexp.MustCompile(`id="receipt-code">([\d ]+)<`).FindSubmatch(answer)
	if m == nil {
		t.Fatalf("no receipt code on the page:\n%s", answer)
	}
	return string(m[1])
}

// replyAnonymously replies to the answers with the receipt code, from the
// phone.
func replyAnonymously(t *testing.T, ts *testServer, phone *http.Client, route, code string) {
	t.Helper()
	var resp *http.Response
	var err error
	if route == "form" {
		resp, err = phone.PostForm(ts.URL+"/report/red-mesa/receipt", url.Values{"code": {code}, "text": {"In the second prop case"}, "reply": {"1"}})
	} else {
		body, _ := json.Marshal(map[string]string{"code": code, "text": "In the second prop case"})
		resp, err = phone.Post(ts.URL+"/api/v1/report/red-mesa/receipt/replies", "application/json", bytes.NewReader(body))
	}
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("the anonymous reply by %s: %d %s", route, resp.StatusCode, answer)
	}
}

// hookLog is a webhook receiver that keeps every request it was sent.
type hookLog struct {
	mu       sync.Mutex
	requests []string
}

func (h *hookLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	var head strings.Builder
	r.Header.Write(&head)
	h.requests = append(h.requests, head.String()+"\n"+string(b))
}

func (h *hookLog) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.requests)
}

func (h *hookLog) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.requests, "\n")
}

// searchDatabase reads every row of every table the database's catalogue
// lists and returns where it found a needle or one of the instants.
func searchDatabase(t *testing.T, db *sqldb.DB, needles []string, instants []time.Time) []string {
	t.Helper()
	catalogue := "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	if db.Dialect().Name() == "postgres" {
		catalogue = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
	}
	rows, err := db.ReadPool().Query(catalogue)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 20 {
		t.Fatalf("the catalogue lists only %d tables: %v", len(tables), tables)
	}
	var found []string
	for _, table := range tables {
		rows, err := db.ReadPool().Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("read %s: %v", table, err)
			}
			for i, v := range vals {
				where := table + "." + cols[i]
				switch v := v.(type) {
				case int64:
					if at, ok := instantOf(v, instants); ok {
						found = append(found, fmt.Sprintf("%s is %d, the time %s", where, v, at))
					}
				case time.Time:
					if at, ok := instantOf(v.UnixMicro(), instants); ok {
						found = append(found, fmt.Sprintf("%s is %s, the time %s", where, v, at))
					}
				case string:
					found = append(found, searchText(where, v, needles, instants)...)
				case []byte:
					found = append(found, searchText(where, string(v), needles, instants)...)
					for at := 0; at+8 <= len(v); at++ {
						if when, ok := exactInstantOf(int64(binary.BigEndian.Uint64(v[at:])), instants); ok {
							found = append(found, fmt.Sprintf("%s holds the time %s at byte %d", where, when, at))
						}
					}
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		rows.Close()
	}
	return found
}

var (
	// dateTimes are times written with their date; clockTimes without.
	dateTimes  = regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?`)
	clockTimes = regexp.MustCompile(`\b(\d{1,2}):(\d{2}):(\d{2})(\.\d{1,9})?\b`)
	numbers    = regexp.MustCompile(`\b\d{9,19}\b`)
)

// searchText returns where text holds a needle (in any case, or base64)
// or one of the instants: written as a date and time or a time of day in
// any time zone, or as a number of seconds, milliseconds, microseconds or
// nanoseconds since 1970.
func searchText(where, text string, needles []string, instants []time.Time) []string {
	var found []string
	lower := strings.ToLower(text)
	for _, n := range needles {
		if strings.Contains(lower, strings.ToLower(n)) || strings.Contains(text, base64.StdEncoding.EncodeToString([]byte(n))) {
			found = append(found, fmt.Sprintf("%s holds %s", where, n))
		}
	}
	for _, m := range dateTimes.FindAllStringSubmatch(text, -1) {
		day, err := time.Parse(time.DateOnly, m[1]+"-"+m[2]+"-"+m[3])
		if err != nil {
			continue
		}
		for _, at := range instants {
			if day.Sub(at).Abs() < 48*time.Hour && sameSecond(m[6], m[7], at) {
				found = append(found, fmt.Sprintf("%s holds the time %s as %s", where, at, m[0]))
			}
		}
	}
	bare := dateTimes.ReplaceAllString(text, "")
	for _, m := range clockTimes.FindAllStringSubmatch(bare, -1) {
		for _, at := range instants {
			if sameSecond(m[3], m[4], at) {
				found = append(found, fmt.Sprintf("%s holds the time %s as %s", where, at, m[0]))
			}
		}
	}
	for _, m := range numbers.FindAllString(text, -1) {
		if v, err := strconv.ParseInt(m, 10, 64); err == nil {
			if at, ok := instantOf(v, instants); ok {
				found = append(found, fmt.Sprintf("%s holds the time %s as %s", where, at, m))
			}
		}
	}
	return found
}

// sameSecond says whether a time written with these seconds and fraction
// is an instant to the second, or an instant moved by whole minutes (a
// deadline counted from it), or shares its fraction of a second.
func sameSecond(seconds, fraction string, at time.Time) bool {
	if s, _ := strconv.Atoi(seconds); s == at.Second() {
		return true
	}
	f := strings.TrimPrefix(fraction, ".")
	if f == "" || at.Nanosecond() == 0 {
		return false
	}
	n, _ := strconv.Atoi((f + "000000000")[:9])
	return n/1000 == at.Nanosecond()/1000
}

// exactInstantOf says which instant v is exactly, read as seconds,
// milliseconds, microseconds or nanoseconds since 1970, or moved from it
// by whole minutes within two days. Bytes inside hashes are random, so
// the looser match of instantOf would find times in them by chance; an
// instant written as a binary number is written exactly.
func exactInstantOf(v int64, instants []time.Time) (time.Time, bool) {
	for _, at := range instants {
		for _, unit := range []time.Duration{time.Second, time.Millisecond, time.Microsecond, time.Nanosecond} {
			d := time.Duration(v)*unit - time.Duration(at.UnixNano())
			if v > 0 && v < math.MaxInt64/int64(unit) && d.Abs() <= 48*time.Hour && d%time.Minute == 0 {
				return at, true
			}
		}
	}
	return time.Time{}, false
}

// instantOf says which instant v is, read as seconds, milliseconds,
// microseconds or nanoseconds since 1970: within two days of it, at the
// same second of the minute or the same microsecond of the second.
func instantOf(v int64, instants []time.Time) (time.Time, bool) {
	for _, at := range instants {
		for _, us := range []int64{v * 1_000_000, v * 1000, v, v / 1000} {
			t := time.UnixMicro(us).UTC()
			if t.Sub(at).Abs() > 48*time.Hour {
				continue
			}
			if t.Second() == at.Second() || (at.Nanosecond() != 0 && t.Nanosecond()/1000 == at.Nanosecond()/1000) {
				return at, true
			}
		}
	}
	return time.Time{}, false
}

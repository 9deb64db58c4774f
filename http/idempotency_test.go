package http_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// answer is an answer as the client sees it.
type answer struct {
	status   int
	location string
	body     []byte
}

// keyedCall makes a request as actor (a key of tokens, or "" for nobody)
// with an Idempotency-Key, unless key is "".
func (ts *testServer) keyedCall(t testing.TB, actor, method, path, key, body string) answer {
	t.Helper()
	a, err := ts.tryCall(actor, method, path, key, body)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// tryCall makes a request as keyedCall does, and returns what kept it from
// being answered rather than failing the test: requests sent from other
// goroutines than the test's are checked on the test's.
func (ts *testServer) tryCall(actor, method, path, key, body string) (answer, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		return answer{}, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if actor != "" {
		req.Header.Set("Authorization", "Bearer "+ts.tokens[actor])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	return answer{resp.StatusCode, resp.Header.Get("Location"), b}, nil
}

// serveOn starts another server over db, as a second process or the same
// one after a restart would, with the first one's seeded IDs and tokens.
func (ts *testServer) serveOn(t testing.TB, db *sqldb.DB, configure ...func(*sshttp.Config)) *testServer {
	t.Helper()
	other := serveOn(t, ts.env, db, metrics.New(metrics.Options{}), "", configure...)
	other.ids, other.tokens = ts.ids, ts.tokens
	return other
}

func shortWait(c *sshttp.Config) { c.KeyWait = 300 * time.Millisecond }

// TestRetriesOverABadSignal sends requests again with the same
// Idempotency-Key, as a phone that never saw the answer does: at once,
// later, to another server on the same database, after a restart, and
// after the server stopped between recording and answering. Each request
// is recorded once, and every retry gets the first answer, byte for byte.
func TestRetriesOverABadSignal(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			people := "/api/v1/productions/red-mesa/people"
			body := `{"name":"Ana Ruiz","department":"Camera","roles":["crew"]}`
			key := "3f0c1a52-9d0e-4b8e-a0f7-5c6e0d2b9e41"

			// Twenty at once, spread over two servers on one database:
			// one person, and twenty identical answers.
			other := ts.serveOn(t, ts.env.Reopen(t))
			before := ts.size(t)
			answers, errs := make([]answer, 20), make([]error, 20)
			var wg sync.WaitGroup
			for i := range answers {
				wg.Go(func() {
					answers[i], errs[i] = []*testServer{ts, other}[i%2].tryCall("producer", "POST", people, key, body)
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			first := answers[0]
			if first.status != http.StatusCreated || len(decode[sshttp.PersonResult](t, first.body).Recorded) != 2 {
				t.Fatalf("the first answer: %d %s", first.status, first.body)
			}
			for i, a := range answers {
				if a.status != first.status || !bytes.Equal(a.body, first.body) {
					t.Fatalf("answer %d differs: %d %s, first %d %s", i, a.status, a.body, first.status, first.body)
				}
			}
			if got := ts.size(t) - before; got != 2 {
				t.Fatalf("twenty sends with one key recorded %d entries, want the person and the role", got)
			}

			// Later, and after a restart: the same answer, nothing new.
			ts.env.Clock.Advance(time.Hour)
			if a := ts.keyedCall(t, "producer", "POST", people, key, body); a.status != first.status || !bytes.Equal(a.body, first.body) {
				t.Fatalf("an hour later: %d %s", a.status, a.body)
			}
			restarted := ts.serveOn(t, ts.env.Reopen(t))
			if a := restarted.keyedCall(t, "producer", "POST", people, key, body); a.status != first.status || !bytes.Equal(a.body, first.body) {
				t.Fatalf("after a restart: %d %s", a.status, a.body)
			}
			if got := ts.size(t) - before; got != 2 {
				t.Fatalf("retries recorded %d entries", got-2)
			}

			// The same key for another request is refused, naming the header.
			for _, c := range []struct{ actor, method, path, body string }{
				{"producer", "POST", people, `{"name":"Bo Lind"}`},
				{"unit_production_manager", "POST", people, body},
				{"producer", "PATCH", people + "/" + ts.ids["target"], `{"name":"Ana Ruiz"}`},
			} {
				a := ts.keyedCall(t, c.actor, c.method, c.path, key, c.body)
				if a.status != http.StatusUnprocessableEntity || !strings.Contains(errorOf(t, a.body).Message, "Idempotency-Key") {
					t.Errorf("%s %s as %s with a used key: %d %s, want 422 naming the header", c.method, c.path, c.actor, a.status, a.body)
				}
			}
			for _, bad := range []string{"short", strings.Repeat("k", 256), "key with spaces in it 1234"} {
				a := ts.keyedCall(t, "producer", "POST", people, bad, `{"name":"Bo Lind"}`)
				if a.status != http.StatusBadRequest || !strings.Contains(errorOf(t, a.body).Message, "Idempotency-Key") {
					t.Errorf("the key %q: %d %s, want 400 naming the header", bad, a.status, a.body)
				}
			}
			if got := ts.size(t) - before; got != 2 {
				t.Fatalf("refused keys recorded %d entries", got-2)
			}

			// A refused action sent again records no second refusal.
			unsecure := "/api/v1/productions/red-mesa/firearms/" + ts.ids["firearm"] + "/unsecure"
			refused := ts.keyedCall(t, "first_ad", "POST", unsecure, "refused-unsecure-0001", "")
			if refused.status != http.StatusConflict || errorOf(t, refused.body).Code != setsafe.ERefused {
				t.Fatalf("the 1st AD takes the revolver out: %d %s", refused.status, refused.body)
			}
			before = ts.size(t)
			if a := other.keyedCall(t, "first_ad", "POST", unsecure, "refused-unsecure-0001", ""); a.status != refused.status || !bytes.Equal(a.body, refused.body) {
				t.Fatalf("the refusal sent again: %d %s", a.status, a.body)
			}
			if ts.size(t) != before {
				t.Fatal("the refusal sent again was recorded again")
			}
		})
	}
}

// TestRetryAfterACrash sends a request again after the server recorded it
// but stopped before keeping its answer: while the first may still be
// answering, the retry is told to wait; once it cannot be, the retry is
// answered with the entries first recorded and records nothing new.
func TestRetryAfterACrash(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "", shortWait)
			ts.seed(t)
			people := "/api/v1/productions/red-mesa/people"
			body := `{"name":"Ana Ruiz"}`
			first := ts.keyedCall(t, "producer", "POST", people, "crash-after-commit-1", body)
			if first.status != http.StatusCreated {
				t.Fatalf("first: %d %s", first.status, first.body)
			}
			seq := decode[sshttp.PersonResult](t, first.body).Recorded[0].Seq
			forgetAnswers(t, ts)
			before := ts.size(t)
			a := ts.keyedCall(t, "producer", "POST", people, "crash-after-commit-1", body)
			if a.status != http.StatusConflict || !strings.Contains(errorOf(t, a.body).Message, "still") {
				t.Fatalf("while the first may still answer: %d %s, want 409 saying it is still in progress", a.status, a.body)
			}
			ts.env.Clock.Advance(2 * time.Minute)
			a = ts.keyedCall(t, "producer", "POST", people, "crash-after-commit-1", body)
			rebuilt := decode[sshttp.RecordedResult](t, a.body)
			if a.status != http.StatusCreated || len(rebuilt.Recorded) != 1 || rebuilt.Recorded[0].Seq != seq || rebuilt.Recorded[0].Type != "person.added" {
				t.Fatalf("after the crash: %d %s, want the first entry", a.status, a.body)
			}
			if again := ts.keyedCall(t, "producer", "POST", people, "crash-after-commit-1", body); again.status != a.status || !bytes.Equal(again.body, a.body) {
				t.Fatalf("the answer after the crash is not kept: %d %s", again.status, again.body)
			}
			if ts.size(t) != before {
				t.Fatal("the retry after a crash recorded something")
			}
		})
	}
}

// forgetAnswers removes every kept answer, as if the server had stopped
// between recording each request and answering it.
func forgetAnswers(t testing.TB, ts *testServer) {
	t.Helper()
	answersKept(t, ts)
	if _, err := ts.env.DB.WritePool().Exec("UPDATE idempotency_keys SET answer = NULL"); err != nil {
		t.Fatal(err)
	}
}

// answersKept waits until the answers given are kept, which the server
// does just after giving them.
func answersKept(t testing.TB, ts *testServer) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var waiting int
		if err := ts.env.DB.ReadPool().QueryRow("SELECT count(*) FROM idempotency_keys WHERE answer IS NULL").Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d answers are not kept", waiting)
		}
	}
}

// TestAnonymousRetries sends an anonymous report again: the same receipt
// code, one concern; the code is nowhere in the database in clear, the
// key's time is whole minutes; and after a crash between recording and
// answering, the retry still gets the code that opens the report.
func TestAnonymousRetries(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "", shortWait)
			ts.seed(t)
			ts.env.Clock.Advance(37*time.Second + 4321*time.Microsecond)
			report := "/api/v1/report/red-mesa/concerns"
			body := `{"category":"firearms","severity":"critical","location":"Church set","description":"Someone was plinking with the prop guns at lunch"}`
			before := ts.size(t)
			first := ts.keyedCall(t, "", "POST", report, "anonymous-report-00001", body)
			receipt := decode[sshttp.ReceiptResult](t, first.body)
			if first.status != http.StatusCreated || receipt.Code == "" {
				t.Fatalf("report: %d %s", first.status, first.body)
			}
			if a := ts.keyedCall(t, "", "POST", report, "anonymous-report-00001", body); a.status != first.status || !bytes.Equal(a.body, first.body) {
				t.Fatalf("the report sent again: %d %s", a.status, a.body)
			}
			if ts.size(t) != before+1 {
				t.Fatalf("the report sent twice recorded %d entries", ts.size(t)-before)
			}
			digits := strings.ReplaceAll(receipt.Code, " ", "")
			answersKept(t, ts)
			rows, err := ts.env.DB.ReadPool().Query("SELECT key_hash, fingerprint, recorded, created_us, answer FROM idempotency_keys")
			if err != nil {
				t.Fatal(err)
			}
			keys := 0
			for rows.Next() {
				keys++
				var key, fingerprint, answer []byte
				var recorded string
				var created int64
				if err := rows.Scan(&key, &fingerprint, &recorded, &created, &answer); err != nil {
					t.Fatal(err)
				}
				for _, v := range [][]byte{key, fingerprint, []byte(recorded), answer} {
					if bytes.Contains(v, []byte(digits)) || bytes.Contains(v, []byte(receipt.Code)) || bytes.Contains(v, []byte("plinking")) {
						t.Fatalf("the key's row holds the report or its receipt code in clear: %q", v)
					}
				}
				if created%60_000_000 != 0 {
					t.Fatalf("the anonymous report's key keeps the time %d, finer than the minute", created)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
			// The one key sent has its row: the checks above read it.
			if keys < 1 {
				t.Fatalf("idempotency_keys holds %d rows, want the report's key", keys)
			}

			// After a crash between recording and answering: the same code.
			forgetAnswers(t, ts)
			ts.env.Clock.Advance(2 * time.Minute)
			a := ts.keyedCall(t, "", "POST", report, "anonymous-report-00001", body)
			if a.status != http.StatusCreated || decode[sshttp.ReceiptResult](t, a.body) != receipt {
				t.Fatalf("after a crash: %d %s, want %+v", a.status, a.body, receipt)
			}
			read := ts.keyedCall(t, "", "POST", "/api/v1/report/red-mesa/receipt", "", `{"code":"`+receipt.Code+`"}`)
			if read.status != http.StatusOK || !strings.Contains(string(read.body), "plinking") {
				t.Fatalf("the receipt code does not open the report: %d %s", read.status, read.body)
			}
			if ts.size(t) != before+1 {
				t.Fatal("the retry after a crash recorded something")
			}
		})
	}
}

var formKey = regexp.MustCompile(`<input type="hidden" name="idempotency_key" value="([^"]+)">`)

// TestFormsCarryAKey checks that each page form carries a fresh hidden
// key, and that a form sent twice records once and answers the same:
// the crew list's form, and the anonymous report's, with its photos.
func TestFormsCarryAKey(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "", shortWait)
			ts.seed(t)
			people := "/productions/red-mesa/people"
			_, page1 := page(t, ts, "producer", people)
			_, page2 := page(t, ts, "producer", people)
			k1, k2 := formKey.FindAllStringSubmatch(page1, -1), formKey.FindAllStringSubmatch(page2, -1)
			if len(k1) < 2 || len(k1) != strings.Count(page1, `<form method="post"`) || len(k2) != len(k1) {
				t.Fatalf("the crew list's %d post forms carry %d keys", strings.Count(page1, `<form method="post"`), len(k1))
			}
			seen := map[string]bool{}
			for _, k := range append(k1, k2...) {
				if seen[k[1]] {
					t.Fatalf("the key %s is on two forms", k[1])
				}
				seen[k[1]] = true
			}
			addForm := ""
			for _, k := range k1 {
				if i := strings.Index(page1, k[0]); strings.Contains(page1[max(0, i-200):i], `action="`+people+`"`) {
					addForm = k[1]
				}
			}
			if addForm == "" {
				t.Fatal("the form to add a person carries no key")
			}
			// As a browser sends it (the key first), and as a script might
			// (the key last): each twice, recorded once.
			for _, form := range []string{
				"idempotency_key=" + addForm + "&name=Ana+Ruiz&department=Camera",
				"name=Bo+Lind&department=Camera&idempotency_key=" + k2[0][1],
			} {
				before := ts.size(t)
				status1, loc1, _ := postBody(t, ts, "producer", people, "application/x-www-form-urlencoded", form)
				status2, loc2, _ := postBody(t, ts, "producer", people, "application/x-www-form-urlencoded", form)
				if status1 != http.StatusSeeOther || status2 != status1 || loc2 != loc1 || ts.size(t) != before+1 {
					t.Fatalf("the form sent twice: %d %s, then %d %s; %d entries", status1, loc1, status2, loc2, ts.size(t)-before)
				}
				other := strings.Replace(form, "Camera", "Grip", 1)
				if status, _, body := postBody(t, ts, "producer", people, "application/x-www-form-urlencoded", other); status != http.StatusUnprocessableEntity ||
					!strings.Contains(body, "reload") || ts.size(t) != before+1 {
					t.Fatalf("the form sent again with other values: %d %.2000s", status, body)
				}
			}

			// The anonymous report form, in multipart, whose boundary
			// differs each time it is sent.
			_, reportPage := page(t, ts, "", "/report/red-mesa")
			keys := formKey.FindAllStringSubmatch(reportPage, -1)
			if len(keys) != strings.Count(reportPage, `<form method="post"`) || len(keys) == 0 {
				t.Fatalf("the report page's forms carry %d keys", len(keys))
			}
			fields := [][2]string{{"idempotency_key", keys[0][1]}, {"category", "firearms"}, {"severity", "high"}, {"description", "A live round in the dummy box"}}
			before := ts.size(t)
			s1, _, body1 := postParts(t, ts, "", "/report/red-mesa", fields)
			s2, _, body2 := postParts(t, ts, "", "/report/red-mesa", fields)
			code := regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4} \d{4}`)
			if s1 != http.StatusCreated || s2 != s1 || code.FindString(body1) == "" || code.FindString(body2) != code.FindString(body1) || ts.size(t) != before+1 {
				t.Fatalf("the report form sent twice: %d then %d, codes %q and %q, %d entries\n%.3000s", s1, s2, code.FindString(body1), code.FindString(body2), ts.size(t)-before, body1)
			}

			// After a crash between recording and answering, the forms
			// lead back to the production, or show the same receipt code.
			forgetAnswers(t, ts)
			ts.env.Clock.Advance(2 * time.Minute)
			before = ts.size(t)
			if status, loc, body := postBody(t, ts, "producer", people, "application/x-www-form-urlencoded",
				"idempotency_key="+addForm+"&name=Ana+Ruiz&department=Camera"); status != http.StatusSeeOther || loc != "/productions/red-mesa" {
				t.Fatalf("the form sent again after a crash: %d %s %.500s", status, loc, body)
			}
			if s3, _, body3 := postParts(t, ts, "", "/report/red-mesa", fields); s3 != http.StatusCreated || code.FindString(body3) != code.FindString(body1) {
				t.Fatalf("the report form sent again after a crash: %d, code %q, want %q", s3, code.FindString(body3), code.FindString(body1))
			}
			if ts.size(t) != before {
				t.Fatal("forms sent again after a crash recorded something")
			}
		})
	}
}

// postBody posts a body as it is, as actor, without following redirects.
func postBody(t *testing.T, ts *testServer, actor, path, contentType, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return send(t, ts, actor, req)
}

// postParts posts fields in order as multipart/form-data, with a fresh
// boundary each time, as a browser does.
func postParts(t *testing.T, ts *testServer, actor, path string, fields [][2]string) (int, string, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	mw.Close()
	return postBody(t, ts, actor, path, mw.FormDataContentType(), body.String())
}

// TestOpenAPIDocumentsTheKey checks that every change the API takes
// documents the Idempotency-Key header.
func TestOpenAPIDocumentsTheKey(t *testing.T) {
	for path, item := range api.OpenAPI("dev")["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			if method == "get" || !strings.HasPrefix(path, "/api/") {
				continue
			}
			params, _ := op.(map[string]any)["parameters"].([]any)
			if !strings.Contains(fmt.Sprint(params), "Idempotency-Key") {
				t.Errorf("%s %s does not document the Idempotency-Key header", method, path)
			}
		}
	}
}

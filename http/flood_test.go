package http_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"math/bits"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// proofOf finds a proof of n bits of work for a challenge, as the report
// page's script does.
func proofOf(challenge string, n int) string {
	for i := 0; ; i++ {
		sum := sha256.Sum256([]byte(challenge + ":" + strconv.Itoa(i)))
		zeros := 0
		for _, b := range sum {
			zeros += bits.LeadingZeros8(b)
			if b != 0 {
				break
			}
		}
		if zeros >= n {
			return strconv.Itoa(i)
		}
	}
}

// anonymousCall posts JSON to an anonymous route as a client behind the
// trusted proxy, and returns the status, the Retry-After and the body.
func anonymousCall(t *testing.T, ts *testServer, client, method, path, body string) (int, time.Duration, []byte) {
	t.Helper()
	return callFrom(t, ts, client, method, path, "application/json", body)
}

// challengeFor asks for a challenge as a client.
func challengeFor(t *testing.T, ts *testServer, client string) sshttp.ChallengeView {
	t.Helper()
	status, _, body := anonymousCall(t, ts, client, "GET", "/api/v1/report/red-mesa/challenge", "")
	if status != http.StatusOK {
		t.Fatalf("challenge: %d %s", status, body)
	}
	return decode[sshttp.ChallengeView](t, body)
}

// withWork adds a challenge and its proof (none when proof is "") to a
// JSON body.
func withWork(body, challenge, proof string) string {
	return strings.TrimSuffix(body, "}") + fmt.Sprintf(`,"challenge":%q,"proof":%q}`, challenge, proof)
}

// TestAnonymousReportsSurviveAFlood floods a production with junk reports
// from ten clients: the flooders are refused beyond their own limits,
// except for critical reports, which cost them growing work; a genuine
// reporter elsewhere gets through at once, and, the production being busy,
// their second report with a little work or a short wait. No client's
// address reaches the log.
func TestAnonymousReportsSurviveAFlood(t *testing.T) {
	var log syncLog
	ts := newProxiedServer(t, "http://127.0.0.1:8080", &log)
	ts.seed(t)
	const reports = "/api/v1/report/red-mesa/concerns"
	junk := `{"category":"other","severity":"normal","description":"flood"}`
	critical := `{"category":"firearms","severity":"critical","description":"Live rounds in the prop truck"}`
	for c := range 10 {
		for i := range 10 {
			if status, _, body := anonymousCall(t, ts, fmt.Sprintf("203.0.113.%d", c), "POST", reports, junk); status != http.StatusCreated {
				t.Fatalf("junk report %d of client %d: %d %s", i, c, status, body)
			}
		}
	}
	// A flooder is refused beyond its limit, and told when to try again.
	status, after, body := anonymousCall(t, ts, "203.0.113.0", "POST", reports, junk)
	if status != http.StatusTooManyRequests || after < time.Minute || errorOf(t, body).Code != setsafe.ERateLimited || !strings.Contains(string(body), "mark it critical") {
		t.Fatalf("the flooder's eleventh report: %d, Retry-After %v, %s", status, after, body)
	}
	// Its critical reports go on, each costing more work.
	if status, after, _ := anonymousCall(t, ts, "203.0.113.0", "POST", reports, critical); status != http.StatusTooManyRequests || after != 30*time.Second {
		t.Fatalf("the flooder's critical report without work: %d, Retry-After %v", status, after)
	}
	for _, want := range []int{17, 18} {
		ch := challengeFor(t, ts, "203.0.113.0")
		if ch.Bits != want || ch.WaitSeconds != 15<<(want-16) {
			t.Fatalf("the flooder is asked %+v, want %d bits", ch, want)
		}
		if status, _, body := anonymousCall(t, ts, "203.0.113.0", "POST", reports, withWork(critical, ch.Challenge, proofOf(ch.Challenge, ch.Bits))); status != http.StatusCreated {
			t.Fatalf("the flooder's critical report with work: %d %s", status, body)
		}
	}

	// A genuine reporter elsewhere gets through at once, critical or not.
	const genuine = "198.51.100.7"
	if status, _, body := anonymousCall(t, ts, genuine, "POST", reports, critical); status != http.StatusCreated {
		t.Fatalf("a genuine report after the flood: %d %s", status, body)
	}
	// The production being busy, their next report waits a little, or
	// shows work.
	ch := challengeFor(t, ts, genuine)
	if ch.Bits != 16 {
		t.Fatalf("a genuine reporter's second report is asked %+v", ch)
	}
	second := `{"category":"vehicles","severity":"high","description":"The camera car has no brake lights"}`
	status, after, body = anonymousCall(t, ts, genuine, "POST", reports, withWork(second, ch.Challenge, ""))
	if status != http.StatusTooManyRequests || after != 15*time.Second || !strings.Contains(string(body), "Send it again in 15 seconds") {
		t.Fatalf("a second report at once, without work: %d, Retry-After %v, %s", status, after, body)
	}
	ts.env.Clock.Advance(after)
	if status, _, body := anonymousCall(t, ts, genuine, "POST", reports, withWork(second, ch.Challenge, "")); status != http.StatusCreated {
		t.Fatalf("a second report after the wait: %d %s", status, body)
	}
	// A challenge is good once.
	if status, _, _ := anonymousCall(t, ts, genuine, "POST", reports, withWork(second, ch.Challenge, "")); status != http.StatusTooManyRequests {
		t.Fatalf("a challenge spent twice: %d", status)
	}
	ch = challengeFor(t, ts, genuine)
	if status, _, body := anonymousCall(t, ts, genuine, "POST", reports, withWork(second, ch.Challenge, proofOf(ch.Challenge, ch.Bits))); status != http.StatusCreated {
		t.Fatalf("a third report with work: %d %s", status, body)
	}

	if got := log.String(); strings.Contains(got, "203.0.113.") || strings.Contains(got, "198.51.100.") {
		t.Fatalf("the log holds a client's address:\n%s", got)
	}
}

// openForm is a concern form posted through a pipe: its words, then a
// photo part that keeps coming until closed.
type openForm struct {
	pw   *io.PipeWriter
	done chan *http.Response
}

// postOpen starts a request as a client whose body body writes into the
// pipe, and keeps writing until the answer is read.
func postOpen(t *testing.T, ts *testServer, client, path, contentType string, body func(pw *io.PipeWriter)) *openForm {
	t.Helper()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", ts.URL+path, pr)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Forwarded-For", client)
	f := &openForm{pw: pw, done: make(chan *http.Response, 1)}
	go func() {
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Error(err)
			resp = nil
		}
		f.done <- resp
	}()
	go body(pw)
	return f
}

// postOpenForm posts the form's words as a client and starts a photo
// larger than net/http reads on its own before it answers.
func postOpenForm(t *testing.T, ts *testServer, client, path string, words url.Values) *openForm {
	t.Helper()
	boundary := multipart.NewWriter(io.Discard).Boundary()
	return postOpen(t, ts, client, path, "multipart/form-data; boundary="+boundary, func(pw *io.PipeWriter) {
		mw := multipart.NewWriter(pw)
		mw.SetBoundary(boundary)
		for k, vs := range words {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		w, _ := mw.CreateFormFile("photos", "IMG_0001.jpg")
		w.Write(bytes.Repeat([]byte{0xff}, 1<<20)) // not even a photo: only its size shows
	})
}

// answer waits for the answer to a form still being sent.
func (f *openForm) answer(t *testing.T) (int, http.Header, string) {
	t.Helper()
	defer f.pw.Close()
	select {
	case resp := <-f.done:
		if resp == nil {
			t.FailNow()
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header, string(b)
	case <-time.After(10 * time.Second):
		t.Fatal("no answer before the photos were sent whole: the server read them first")
	}
	return 0, nil, ""
}

// TestAnonymousReportFormChecksFirst checks that the report form answers
// for a production that does not exist, and for a client beyond its
// limit, from the words alone, while the photos are still being sent; and
// that, the production being busy, the form works without its script,
// after a short wait, and with it, at once.
func TestAnonymousReportFormChecksFirst(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	words := url.Values{"category": {"water"}, "severity": {"high"}, "location": {"Tank"}, "description": {"No safety divers at the tank"}}
	if status, _, _ := postOpenForm(t, ts, "198.51.100.7", "/report/nowhere", words).answer(t); status != http.StatusNotFound {
		t.Fatalf("the form of no production: %d", status)
	}
	const flooder = "203.0.113.9"
	for i := range 10 {
		if status, _, body := anonymousCall(t, ts, flooder, "POST", "/api/v1/report/red-mesa/concerns", `{"category":"other","severity":"normal","description":"flood"}`); status != http.StatusCreated {
			t.Fatalf("report %d: %d %s", i, status, body)
		}
	}
	status, h, page := postOpenForm(t, ts, flooder, "/report/red-mesa", words).answer(t)
	if status != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(page, `id="problem"`) || !strings.Contains(page, "No safety divers at the tank") {
		t.Fatalf("the form from a client beyond its limit: %d, Retry-After %q\n%s", status, h.Get("Retry-After"), page)
	}

	// Busy: many clients have reported.
	for c := range 9 {
		for range 10 {
			anonymousCall(t, ts, fmt.Sprintf("192.0.2.%d", c), "POST", "/api/v1/report/red-mesa/concerns", `{"category":"other","severity":"normal","description":"flood"}`)
		}
	}
	const reporter = "198.51.100.7"
	send := func(form url.Values) (int, string) {
		t.Helper()
		status, _, b := callFrom(t, ts, reporter, "POST", "/report/red-mesa", "application/x-www-form-urlencoded", form.Encode())
		return status, string(b)
	}
	if status, page := send(words); status != http.StatusCreated {
		t.Fatalf("a first report when busy: %d\n%s", status, page)
	}
	// The page hands out a challenge and asks its script for work.
	_, _, b := callFrom(t, ts, reporter, "GET", "/report/red-mesa", "", "")
	page = string(b)
	m := regexp.MustCompile(`data-work="(\d+)">(?:<input type="hidden" name="idempotency_key" value="[^"]+">)?\s*<input type="hidden" name="challenge" value="([^"]+)">`).FindStringSubmatch(page)
	if m == nil || m[1] != "16" || !strings.Contains(page, "work.") {
		t.Fatalf("the report page when busy has no challenge for its script:\n%s", page)
	}
	// Without the script: told to wait, the challenge kept, and after the
	// wait it goes.
	form := url.Values{"challenge": {m[2]}, "proof": {""}, "category": {"water"}, "severity": {"normal"}, "description": {"The tank's ladder is loose"}}
	status, page = send(form)
	if status != http.StatusTooManyRequests || !strings.Contains(page, "Send it again in 15 seconds") || !strings.Contains(page, m[2]) {
		t.Fatalf("a second report at once without the script: %d\n%s", status, page)
	}
	ts.env.Clock.Advance(15 * time.Second)
	if status, page := send(form); status != http.StatusCreated || !strings.Contains(page, "receipt-code") {
		t.Fatalf("a second report after the wait: %d\n%s", status, page)
	}
	// With the script's work, at once.
	ch := challengeFor(t, ts, reporter)
	form.Set("challenge", ch.Challenge)
	form.Set("proof", proofOf(ch.Challenge, 16))
	if status, page := send(form); status != http.StatusCreated {
		t.Fatalf("a report with work: %d\n%s", status, page)
	}
}

// TestReceiptCodesSurviveGuessing guesses receipt codes from thirty
// clients: each guesser is refused beyond its limit, but the reporter's
// right code gets through from any client that has not guessed, and,
// once read, even from a guesser's address; a client that guessed wrong
// shows work while the production is busy.
func TestReceiptCodesSurviveGuessing(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	_, _, body := anonymousCall(t, ts, "198.51.100.7", "POST", "/api/v1/report/red-mesa/concerns", `{"category":"other","severity":"normal","description":"Loose handrail on the stairs"}`)
	receipt := decode[sshttp.ReceiptResult](t, body)
	const lookup = "/api/v1/report/red-mesa/receipt"
	for c := range 30 {
		for i := range 10 {
			status, _, body := anonymousCall(t, ts, fmt.Sprintf("203.0.113.%d", c), "POST", lookup, fmt.Sprintf(`{"code":"%02d%018d"}`, c, i))
			if status != http.StatusNotFound {
				t.Fatalf("wrong code %d of client %d: %d %s", i, c, status, body)
			}
		}
	}
	status, after, body := anonymousCall(t, ts, "203.0.113.0", "POST", lookup, `{"code":"99999999999999999999"}`)
	if status != http.StatusTooManyRequests || after <= 0 || !strings.Contains(string(body), "wrong receipt codes") {
		t.Fatalf("a guesser beyond its limit: %d, Retry-After %v, %s", status, after, body)
	}
	// The reporter's right code, from a client that has not guessed.
	right := `{"code":"` + receipt.Code + `"}`
	if status, _, body := anonymousCall(t, ts, "198.51.100.8", "POST", lookup, right); status != http.StatusOK {
		t.Fatalf("the right code after 300 wrong ones: %d %s", status, body)
	}
	// Read once, it goes through from anywhere, and the reply too.
	if status, _, body := anonymousCall(t, ts, "203.0.113.0", "POST", lookup, right); status != http.StatusOK {
		t.Fatalf("the right code, read before, from a guesser's address: %d %s", status, body)
	}
	if status, _, body := anonymousCall(t, ts, "203.0.113.0", "POST", lookup+"/replies", `{"code":"`+receipt.Code+`","text":"It was the left handrail."}`); status != http.StatusCreated {
		t.Fatalf("a reply: %d %s", status, body)
	}
	// A client that typed a wrong code shows work while the production is
	// busy.
	const typo = "198.51.100.9"
	anonymousCall(t, ts, typo, "POST", lookup, `{"code":"11111111111111111111"}`)
	if status, after, _ := anonymousCall(t, ts, typo, "POST", lookup, `{"code":"22222222222222222222"}`); status != http.StatusTooManyRequests || after != 15*time.Second {
		t.Fatalf("a second code without work when busy: %d, Retry-After %v", status, after)
	}
	ch := challengeFor(t, ts, typo)
	if status, _, body := anonymousCall(t, ts, typo, "POST", lookup, withWork(`{"code":"44444444444444444444"}`, ch.Challenge, proofOf(ch.Challenge, ch.Bits))); status != http.StatusNotFound {
		t.Fatalf("a second code with work: %d %s", status, body)
	}
	// One code is typed so many times only, by anyone.
	var last int
	for c := range 25 {
		last, _, _ = anonymousCall(t, ts, fmt.Sprintf("192.0.2.%d", c), "POST", lookup, `{"code":"33333333333333333333"}`)
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("one code typed 25 times: %d", last)
	}
}

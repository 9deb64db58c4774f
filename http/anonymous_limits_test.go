package http

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

// solve finds a proof of bits of work for a challenge, as work.js does.
func solve(challenge string, bits int) string {
	for n := 0; ; n++ {
		if p := strconv.Itoa(n); workOf(challenge, p) >= bits {
			return p
		}
	}
}

// tooLittle finds a proof of exactly bits of work, no more.
func tooLittle(challenge string, bits int) string {
	for n := 0; ; n++ {
		if p := strconv.Itoa(n); workOf(challenge, p) == bits {
			return p
		}
	}
}

// waitOf returns how long a refusal for now says to wait, or fails.
func waitOf(t *testing.T, err error) time.Duration {
	t.Helper()
	e, ok := errors.AsType[*retryLater](err)
	if !ok || setsafe.ErrorCode(err) != setsafe.ERateLimited {
		t.Fatalf("want a refusal for now, got %v", err)
	}
	return e.after
}

func TestChallenges(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	c := newChallenges(clock)
	fresh := c.issue("red-mesa")
	if len(fresh) != 48 || strings.ContainsAny(fresh, "+/=") {
		t.Fatalf("challenge %q", fresh)
	}
	tests := []struct {
		name        string
		production  string
		challenge   func() string
		proof       func(ch string) string
		bits        int
		advance     time.Duration
		wantWait    time.Duration // 0: spent
		spendsTwice bool
	}{
		{"enough work", "red-mesa", func() string { return c.issue("red-mesa") }, func(ch string) string { return solve(ch, workBits) }, workBits, 0, 0, false},
		{"more work than asked", "red-mesa", func() string { return c.issue("red-mesa") }, func(ch string) string { return solve(ch, workBits+2) }, workBits + 1, 0, 0, false},
		{"too little work", "red-mesa", func() string { return c.issue("red-mesa") }, func(ch string) string { return tooLittle(ch, workBits) }, workBits + 1, 0, 2 * workWait, false},
		{"no work, too soon", "red-mesa", func() string { return c.issue("red-mesa") }, func(string) string { return "" }, workBits, 5 * time.Second, 10 * time.Second, false},
		{"no work, waited", "red-mesa", func() string { return c.issue("red-mesa") }, func(string) string { return "" }, workBits, workWait, 0, false},
		{"no work, waited for more bits", "red-mesa", func() string { return c.issue("red-mesa") }, func(string) string { return "" }, workBits + 2, 4 * workWait, 0, false},
		{"another production's", "blue-ridge", func() string { return c.issue("red-mesa") }, func(ch string) string { return solve(ch, workBits) }, workBits, 0, workWait, false},
		{"tampered", "red-mesa", func() string { ch := []byte(c.issue("red-mesa")); ch[3] ^= 1; return string(ch) }, func(string) string { return "" }, workBits, time.Hour, workWait, false},
		{"none", "red-mesa", func() string { return "" }, func(string) string { return "" }, workBits, 0, workWait, false},
		{"expired", "red-mesa", func() string { return c.issue("red-mesa") }, func(string) string { return "" }, workBits, challengeLife + time.Minute, workWait, false},
		{"used twice", "red-mesa", func() string { return c.issue("red-mesa") }, func(ch string) string { return solve(ch, workBits) }, workBits, 0, 0, true},
		{"a long proof", "red-mesa", func() string { return c.issue("red-mesa") }, func(string) string { return strings.Repeat("1", 21) }, workBits, 0, workWait, false},
	}
	for _, tt := range tests {
		ch := tt.challenge()
		proof := tt.proof(ch)
		clock.Advance(tt.advance)
		err := c.spend(tt.production, ch, proof, tt.bits, "reports")
		if tt.wantWait == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		} else if got := waitOf(t, err); got != tt.wantWait {
			t.Errorf("%s: wait %v, want %v (%v)", tt.name, got, tt.wantWait, err)
		}
		if tt.spendsTwice {
			if err := c.spend(tt.production, ch, proof, tt.bits, "reports"); waitOf(t, err) != workWait || c.usable(tt.production, ch) {
				t.Errorf("%s: spent again: %v", tt.name, err)
			}
			c.release(ch)
			if err := c.spend(tt.production, ch, proof, tt.bits, "reports"); err != nil {
				t.Errorf("%s: released, then %v", tt.name, err)
			}
		}
	}
	// Spent challenges are forgotten once they expire.
	clock.Advance(challengeLife + 2*time.Minute)
	for range sweepEvery {
		ch := c.issue("red-mesa")
		c.spend("red-mesa", ch, solve(ch, 1), 1, "reports")
	}
	if len(c.used) > sweepEvery {
		t.Errorf("%d challenges remembered", len(c.used))
	}
}

// TestReportLimits floods a production's anonymous reports: the flooding
// client is refused beyond its limit, except for a critical report, whose
// work grows with each; the production, once busy, asks every client's
// further reports for work, and never refuses a client's first.
func TestReportLimits(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	l := newAnonymousLimits(clock)
	report := func(client, severity string, bits int) error {
		ch := l.challenge(client, "red-mesa")
		proof := ""
		if bits > 0 {
			proof = solve(ch, bits)
		}
		_, err := l.admitReport(client, "red-mesa", severity, ch, proof)
		return err
	}
	const flood = "203.0.113.5"
	for i := range maxReportsPerClient {
		if err := report(flood, setsafe.SeverityNormal, 0); err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		clock.Advance(time.Minute)
	}
	err := report(flood, setsafe.SeverityNormal, 0)
	if w := waitOf(t, err); w != anonymousWindow-maxReportsPerClient*time.Minute || !strings.Contains(err.Error(), "mark it critical") {
		t.Fatalf("beyond the client's limit: %v (wait %v)", err, w)
	}
	// Critical reports go on, each asking more work: without any, it is
	// asked to wait, twice as long as the one before.
	for i, bits := range []int{workBits + 1, workBits + 2, workBits + 3} {
		if w := waitOf(t, report(flood, setsafe.SeverityCritical, 0)); w != WorkWaitFor(bits) {
			t.Fatalf("critical report %d with too little work: wait %v, want %v", i, w, WorkWaitFor(bits))
		}
		if err := report(flood, setsafe.SeverityCritical, bits); err != nil {
			t.Fatalf("critical report %d with its work: %v", i, err)
		}
	}
	// Another client is not slowed by the flood of one.
	if err := report("198.51.100.7", setsafe.SeverityNormal, 0); err != nil {
		t.Fatalf("another client: %v", err)
	}
	// The production gets busy.
	for i := 0; l.tries.recent("rp:red-mesa", clock.Now()) < busyReports; i++ {
		if err := report(fmt.Sprintf("192.0.2.%d", i), setsafe.SeverityNormal, 0); err != nil {
			t.Fatalf("busy report %d: %v", i, err)
		}
	}
	// A client's first report still goes as it is; its second shows work.
	if err := report("198.51.100.9", setsafe.SeverityHigh, 0); err != nil {
		t.Fatalf("a first report when busy: %v", err)
	}
	if w := waitOf(t, report("198.51.100.9", setsafe.SeverityHigh, 0)); w != workWait {
		t.Fatalf("a second report when busy: wait %v", w)
	}
	if err := report("198.51.100.9", setsafe.SeverityHigh, workBits); err != nil {
		t.Fatalf("a second report when busy, with work: %v", err)
	}
	if bits := l.work("198.51.100.9", "red-mesa"); bits != workBits {
		t.Fatalf("the page asks %d bits of a client when busy", bits)
	}
	if bits := l.work("198.51.100.10", "red-mesa"); bits != 0 {
		t.Fatalf("the page asks %d bits of a new client", bits)
	}
	// Another production is not busy: the same client's report there
	// goes as it is, without work.
	if bits := l.work("198.51.100.9", "blue-ridge"); bits != 0 {
		t.Fatalf("the page of another production asks %d bits", bits)
	}
	if spent, err := l.admitReport("198.51.100.9", "blue-ridge", setsafe.SeverityHigh, l.challenges.issue("blue-ridge"), ""); err != nil || spent {
		t.Fatalf("another production: spent %v, %v", spent, err)
	}
	// After the window, all is forgotten.
	clock.Advance(anonymousWindow)
	if err := report(flood, setsafe.SeverityNormal, 0); err != nil {
		t.Fatalf("the flooding client after the window: %v", err)
	}
	// The addresses are never keys: only their keyed hashes are.
	for key := range l.tries.at {
		if strings.Contains(key, "203.0.113") || strings.Contains(key, "198.51.100") || strings.Contains(key, "192.0.2") {
			t.Fatalf("the limits keep an address: %q", key)
		}
	}
}

// TestReceiptLimits guesses receipt codes: the guessing client is refused
// beyond its limit, a code beyond its own, and a busy production asks
// work only of clients that guessed wrong; a right code from a client that
// has not guessed, or one found right lately, always goes through.
func TestReceiptLimits(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	l := newAnonymousLimits(clock)
	right := l.codeKey("red-mesa", "12345678901234567890")
	// lookup admits a code and, if it is the right one, finds it.
	lookup := func(client, key string, bits int) (string, error) {
		ch := l.challenge(client, "red-mesa")
		proof := ""
		if bits > 0 {
			proof = solve(ch, bits)
		}
		concern, err := l.admitLookup(client, "red-mesa", key, ch, proof)
		if err == nil && concern == "" && key == right {
			l.found(client, "red-mesa", key, "concern-1")
		}
		return concern, err
	}
	const guesser = "203.0.113.5"
	for i := range maxReceiptFailsPerClient {
		if _, err := lookup(guesser, l.codeKey("red-mesa", fmt.Sprintf("%020d", i)), 0); err != nil {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, err := lookup(guesser, l.codeKey("red-mesa", "99999999999999999999"), 0); !strings.Contains(fmt.Sprint(err), "wrong receipt codes") {
		t.Fatalf("beyond the guesser's limit: %v", err)
	}
	// The reporter, elsewhere, reads the answers; afterwards the code is
	// known, and needs no hash, even from the guesser's address.
	if concern, err := lookup("198.51.100.7", right, 0); err != nil || concern != "" {
		t.Fatalf("the right code: %q %v", concern, err)
	}
	if concern, err := lookup(guesser, right, 0); err != nil || concern != "concern-1" {
		t.Fatalf("the right code, known, from the guesser's address: %q %v", concern, err)
	}
	// One code is typed at most so often.
	for i := 2; i < maxLookupsPerCode; i++ {
		lookup("198.51.100.7", right, 0)
	}
	if _, err := lookup("198.51.100.7", right, 0); !strings.Contains(fmt.Sprint(err), "typed many times") {
		t.Fatalf("a code beyond its limit: %v", err)
	}
	// The production gets busy with guesses from many clients.
	for i := 0; l.tries.recent("fp:red-mesa", clock.Now()) < busyReceiptFails; i++ {
		if _, err := lookup(fmt.Sprintf("192.0.2.%d", i), l.codeKey("red-mesa", fmt.Sprintf("1%019d", i)), 0); err != nil {
			t.Fatalf("busy guess %d: %v", i, err)
		}
	}
	other := l.codeKey("red-mesa", "22222222222222222222")
	if _, err := lookup("198.51.100.8", other, 0); err != nil {
		t.Fatalf("a client's first code when busy: %v", err)
	}
	if w := waitOf(t, func() error { _, err := lookup("198.51.100.8", other, 0); return err }()); w != workWait {
		t.Fatalf("a client that typed a wrong code, when busy: wait %v", w)
	}
	if _, err := lookup("198.51.100.8", other, workBits); err != nil {
		t.Fatalf("with work: %v", err)
	}
	// The right code's lookups are forgotten after the window.
	clock.Advance(anonymousWindow)
	if concern, err := lookup("198.51.100.8", right, 0); err != nil || concern != "concern-1" {
		t.Fatalf("the right code after the window: %q %v", concern, err)
	}
	// Right codes are remembered for a while, and so many only.
	clock.Advance(rememberCode)
	if concern, _ := lookup("198.51.100.8", right, 0); concern != "" {
		t.Fatal("a right code is remembered for ever")
	}
	for i := range maxRemembered + 10 {
		l.found("198.51.100.8", "red-mesa", fmt.Sprint(i), "c")
	}
	if len(l.remembered) > maxRemembered {
		t.Fatalf("%d codes remembered", len(l.remembered))
	}
}

// FuzzChallenges spends made-up challenges: none is ever taken, whatever
// it holds, and a real one is taken once, with its work.
func FuzzChallenges(f *testing.F) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	c := newChallenges(clock)
	real := c.issue("red-mesa")
	f.Add(real, solve(real, 4))
	f.Add("", "")
	f.Add(strings.Repeat("A", challengeLen*4/3), "0")
	f.Fuzz(func(t *testing.T, challenge, proof string) {
		err := c.spend("red-mesa", challenge, proof, 4, "reports")
		if err == nil && challenge != real {
			t.Fatalf("a made-up challenge %q was taken", challenge)
		}
		if err != nil && setsafe.ErrorCode(err) != setsafe.ERateLimited {
			t.Fatalf("a made-up challenge: %v", err)
		}
	})
}

// FuzzConcernPost reads made-up concern forms: each is read, or refused
// as unreadable or too large, never anything else.
func FuzzConcernPost(f *testing.F) {
	var b strings.Builder
	mw := multipart.NewWriter(&b)
	mw.SetBoundary("xyz")
	mw.WriteField("severity", "critical")
	w, _ := mw.CreateFormFile("photos", "a.jpg")
	w.Write([]byte("\xff\xd8\xff"))
	mw.WriteField("mode", "named")
	mw.Close()
	f.Add(b.String())
	f.Add("--xyz\r\nContent-Disposition: form-data; name=\"photos\"\r\n\r\n\r\n--xyz--\r\n")
	f.Add("--xyz\r\n\r\n")
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/report/red-mesa", strings.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
		post, err := ReadConcernWords(httptest.NewRecorder(), r)
		if err == nil {
			_, err = post.Photos(r.PostForm)
		}
		if c := setsafe.ErrorCode(err); err != nil && c != setsafe.EInvalid && c != setsafe.ETooLarge {
			t.Fatalf("error %s: %v", c, err)
		}
	})
}

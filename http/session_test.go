package http_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// browser is an HTTP client with a cookie jar, as a browser would be.
func browser(t *testing.T, ts *testServer) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := *ts.Client() // a copy: each browser has its own cookies
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func post(t *testing.T, c *http.Client, url, contentType, body string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestSignInSession(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	c := browser(t, ts)

	resp := post(t, c, ts.URL+"/api/v1/session", "application/json", `{"email":"ARMORER@example.com ","password":"password-of-armorer"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "setsafe_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, and not Secure over plain HTTP", cookie)
	}
	resp, err := c.Get(ts.URL + "/api/v1/session")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("who am I: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()

	// A state change from another site is refused; from this one it passes.
	resp = post(t, c, ts.URL+"/api/v1/tokens", "application/json", `{"name":"x"}`, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site request: %d", resp.StatusCode)
	}
	resp = post(t, c, ts.URL+"/api/v1/tokens", "application/json", `{"name":"x"}`, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("same-origin request: %d", resp.StatusCode)
	}

	// Signing out ends the session on the server, not only in the browser.
	old := c.Jar.Cookies(mustURL(ts.URL))
	req, _ := http.NewRequest("DELETE", ts.URL+"/api/v1/session", nil)
	resp, _ = c.Do(req)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	replay, _ := http.NewRequest("GET", ts.URL+"/api/v1/session", nil)
	for _, ck := range old {
		replay.AddCookie(ck)
	}
	resp, _ = ts.Client().Do(replay)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the old session cookie still works after sign-out: %d", resp.StatusCode)
	}

	// A disabled account's session ends at once.
	post(t, c, ts.URL+"/api/v1/session", "application/json", `{"email":"crew@example.com","password":"password-of-crew"}`)
	storagetest.MustAppend(t, ts.env.DB, setsafe.On(setsafe.SiteLedger, storagetest.Operator, setsafe.DisableAccount{ID: ts.ids["account:crew"], Reason: "left"}))
	resp, _ = c.Get(ts.URL + "/api/v1/session")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a disabled account's session still works: %d", resp.StatusCode)
	}
	status, _ := ts.call(t, "crew", "GET", "/api/v1/session", "")
	if status != http.StatusUnauthorized {
		t.Fatalf("a disabled account's API token still works: %d", status)
	}
}

// TestNewPasswordEndsSessions checks that setting a new password ends the
// sessions begun with the old one, but not the session that set it.
func TestNewPasswordEndsSessions(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	signIn := func(password string) *http.Client {
		c := browser(t, ts)
		if resp := post(t, c, ts.URL+"/api/v1/session", "application/json", `{"email":"armorer@example.com","password":"`+password+`"}`); resp.StatusCode != http.StatusOK {
			t.Fatalf("sign in: %d", resp.StatusCode)
		}
		return c
	}
	signedIn := func(c *http.Client) bool {
		resp, err := c.Get(ts.URL + "/api/v1/session")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	phone, laptop := signIn("password-of-armorer"), signIn("password-of-armorer")
	ts.env.Clock.Advance(time.Minute)
	req, _ := http.NewRequest("PUT", ts.URL+"/api/v1/accounts/"+ts.ids["account:armorer"]+"/password", strings.NewReader(`{"password":"a new long password","current_password":"password-of-armorer"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := phone.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("set a new password: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if !signedIn(phone) {
		t.Fatal("the session that set the password ended")
	}
	if signedIn(laptop) {
		t.Fatal("a session begun with the old password still works")
	}
	laptop = signIn("a new long password")
	ts.env.Clock.Advance(time.Minute)
	if status, body := ts.call(t, "site_admin", "PUT", "/api/v1/accounts/"+ts.ids["account:armorer"]+"/password", `{"password":"reset by the office"}`); status != http.StatusOK {
		t.Fatalf("reset: %d %s", status, body)
	}
	if signedIn(phone) || signedIn(laptop) {
		t.Fatal("sessions survive a reset by a site administrator")
	}
}

func mustURL(s string) *url.URL {
	u, _ := url.Parse(s)
	return u
}

// TestSignInRateLimit guesses the armorer's password from one client,
// which waits longer after each failure and is told how long, while the
// armorer signs in at once from another client, by the API and by the
// form: nobody can lock an account.
func TestSignInRateLimit(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	signIn := func(client, password string) (int, time.Duration, string) {
		t.Helper()
		status, after, b := callFrom(t, ts, client, "POST", "/api/v1/session", "application/json", `{"email":"armorer@example.com","password":"`+password+`"}`)
		return status, after, string(b)
	}
	const guesser, armorer = "203.0.113.5", "198.51.100.7"
	var waits []time.Duration
	for i := 0; i < 10; {
		status, after, body := signIn(guesser, fmt.Sprintf("guess %d", i))
		switch {
		case status == http.StatusUnauthorized && strings.Contains(body, "e-mail address or the password is wrong"):
			i++
		case status == http.StatusTooManyRequests && after > 0 && strings.Contains(body, "Too many failed sign-ins from here. Wait "):
			waits = append(waits, after)
			ts.env.Clock.Advance(after)
		default:
			t.Fatalf("guess %d: %d (Retry-After %v) %s", i, status, after, body)
		}
	}
	if len(waits) < 3 || waits[len(waits)-1] <= waits[0] {
		t.Fatalf("the guesser waited %v", waits)
	}
	// The armorer, on another client, is not locked out.
	if status, _, body := signIn(armorer, "password-of-armorer"); status != http.StatusOK {
		t.Fatalf("the right password from another client after 10 guesses: %d %s", status, body)
	}
	form := url.Values{"email": {"armorer@example.com"}, "password": {"password-of-armorer"}}
	if status, _ := sendFrom(t, ts, "POST", "/login", form, "X-Forwarded-For", "198.51.100.8"); status != http.StatusSeeOther {
		t.Fatalf("the sign-in form from another client: %d", status)
	}
	// The guesser, even with the right password, waits its turn, and the
	// form says so too.
	status, after, _ := signIn(guesser, "password-of-armorer")
	if status != http.StatusTooManyRequests || after <= 0 {
		t.Fatalf("the guesser right after a guess: %d, Retry-After %v", status, after)
	}
	if status, h := sendFrom(t, ts, "POST", "/login", form, "X-Forwarded-For", guesser); status != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Fatalf("the form from the guesser: %d, Retry-After %q", status, h.Get("Retry-After"))
	}
	ts.env.Clock.Advance(after)
	if status, _, body := signIn(guesser, "password-of-armorer"); status != http.StatusOK {
		t.Fatalf("the right password after the wait: %d %s", status, body)
	}
	// Unknown accounts fail exactly like wrong passwords.
	status, body := ts.call(t, "", "POST", "/api/v1/session", `{"email":"nobody@example.com","password":"guess"}`)
	if status != http.StatusUnauthorized || !strings.Contains(string(body), "e-mail address or the password is wrong") {
		t.Fatalf("unknown account: %d %s", status, body)
	}
}

func TestBadTokens(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	good := ts.tokens["producer"]
	for _, tok := range []string{"nonsense", "sst_", good[:len(good)-1] + "x", strings.Replace(good, "sst_", "xyz_", 1)} {
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/session", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("token %q: %d", tok, resp.StatusCode)
		}
	}
	// A revoked token stops working.
	_, body := ts.call(t, "producer", "GET", "/api/v1/tokens", "")
	id := decode[sshttp.TokenList](t, body).Tokens[0].ID
	if status, body := ts.call(t, "producer", "POST", "/api/v1/tokens/"+id+"/revoke", ""); status != http.StatusOK {
		t.Fatalf("revoke own token: %d %s", status, body)
	}
	if status, _ := ts.call(t, "producer", "GET", "/api/v1/session", ""); status != http.StatusUnauthorized {
		t.Fatalf("revoked token still works: %d", status)
	}
}

func TestSetup(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "the-setup-token")
	body := `{"token":"%s","email":"first@example.com","name":"First Admin","password":"%s"}`
	tests := []struct {
		token, password string
		status          int
	}{
		{"wrong", "long enough password", http.StatusUnauthorized},
		{"the-setup-token", "short", http.StatusBadRequest},
		{"the-setup-token", "long enough password", http.StatusCreated},
		{"the-setup-token", "long enough password", http.StatusNotFound},
	}
	for _, tt := range tests {
		status, b := ts.call(t, "", "POST", "/api/v1/setup", fmt.Sprintf(body, tt.token, tt.password))
		if status != tt.status {
			t.Fatalf("setup with %q/%q: %d, want %d: %s", tt.token, tt.password, status, tt.status, b)
		}
	}
	acc, err := ts.env.DB.AccountByEmail(t.Context(), "first@example.com")
	if err != nil || !acc.SiteAdmin || !acc.HasPassword() {
		t.Fatalf("first administrator: %+v %v", acc, err)
	}
	entries, _ := ts.env.DB.Entries(t.Context(), setsafe.SiteLedger, 0, 10)
	if len(entries) != 3 || entries[0].Event.Actor.String() != "system:setup" {
		t.Fatalf("setup entries: %+v", entries)
	}
}

func TestPages(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	c := browser(t, ts)
	resp, _ := c.Get(ts.URL + "/productions/red-mesa")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Fatalf("signed-out page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp = post(t, c, ts.URL+"/login?next=/productions/red-mesa", "application/x-www-form-urlencoded", "email=producer%40example.com&password=wrong")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	resp = post(t, c, ts.URL+"/login?next=//evil.example", "application/x-www-form-urlencoded", "email=producer%40example.com&password=password-of-producer")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign-in redirect to another site: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, tt := range []struct{ path, want string }{
		{"/", "Red Mesa"},
		{"/productions/red-mesa", "Evidence ledger"},
		{"/productions/red-mesa/people", "The 1st assistant director"},
		{"/nowhere", "There is no page at /nowhere"},
	} {
		resp, err := c.Get(ts.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 1<<20)
		n, _ := resp.Body.Read(b)
		for n < len(b) {
			m, err := resp.Body.Read(b[n:])
			n += m
			if err != nil {
				break
			}
		}
		resp.Body.Close()
		if !strings.Contains(string(b[:n]), tt.want) {
			t.Errorf("%s does not show %q", tt.path, tt.want)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s has content security policy %q", tt.path, csp)
		}
	}
}

package http_test

import (
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// newProxiedServer is a test server behind a proxy on this machine that it
// trusts, reached by people at publicURL, its log kept in log.
func newProxiedServer(t testing.TB, publicURL string, log io.Writer) *testServer {
	t.Helper()
	return newLoggedServer(t, publicURL, log, func(c *sshttp.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	})
}

// sendFrom sends a request with extra headers and returns the answer's
// status and headers.
func sendFrom(t testing.TB, ts *testServer, method, path string, form url.Values, header ...string) (int, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, ts.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

// callFrom makes a request as a client behind the trusted proxy, with a
// body of contentType, and returns the status, the Retry-After and the
// body.
func callFrom(t testing.TB, ts *testServer, client, method, path, contentType, body string) (int, time.Duration, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, ts.URL+path, rd)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-Forwarded-For", client)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	after, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	return resp.StatusCode, time.Duration(after) * time.Second, b
}

// TestBehindAProxy runs the server behind a trusted proxy that terminates
// TLS: the client is the address the proxy saw, /metrics is not served to
// a proxied request as if it came from this machine, forms are checked
// against the public URL rather than the Host the proxy passes on, and
// browsers are told to keep to https.
func TestBehindAProxy(t *testing.T) {
	var log syncLog
	ts := newProxiedServer(t, "https://set.example", &log)
	ts.seed(t)

	// The log names the client the proxy saw, not what the client wrote
	// left of it, nor the proxy.
	wrong := url.Values{"email": {"armorer@example.com"}, "password": {"a guess"}}
	if status, _ := sendFrom(t, ts, "POST", "/login", wrong, "X-Forwarded-For", "192.0.2.44, 203.0.113.9"); status != http.StatusUnauthorized {
		t.Fatalf("a wrong password: %d", status)
	}
	if got := log.String(); !strings.Contains(got, "client=203.0.113.9") || strings.Contains(got, "192.0.2.44") || strings.Contains(got, "client=127.0.0.1") {
		t.Errorf("the sign-in failure is logged as\n%s", got)
	}

	// /metrics answers this machine only, never a proxied request.
	for _, h := range [][]string{
		{"X-Forwarded-For", "203.0.113.9"},
		{"Forwarded", "for=203.0.113.9;proto=https"},
		{"X-Forwarded-For", "127.0.0.1"},
		{"Forwarded", `for="[::1]"`},
		{"X-Real-IP", "127.0.0.1"},
	} {
		if status, _ := sendFrom(t, ts, "GET", "/metrics", nil, h...); status != http.StatusForbidden {
			t.Errorf("/metrics through the proxy (%s: %s): %d, want 403", h[0], h[1], status)
		}
	}
	if status, _ := sendFrom(t, ts, "GET", "/metrics", nil); status != http.StatusOK {
		t.Errorf("/metrics from this machine: %d", status)
	}

	// The public URL is the site; the Host the proxy sends is not.
	host := strings.TrimPrefix(ts.URL, "http://")
	right := url.Values{"email": {"armorer@example.com"}, "password": {"password-of-armorer"}}
	for _, tt := range []struct {
		name   string
		header []string
		want   int
	}{
		{"Origin is the public URL", []string{"Origin", "https://set.example"}, http.StatusSeeOther},
		{"Origin is the public URL, with its port", []string{"Origin", "https://SET.example:443"}, http.StatusSeeOther},
		{"Origin is the Host the proxy passed on", []string{"Origin", "http://" + host}, http.StatusForbidden},
		{"Origin is another site", []string{"Origin", "https://elsewhere.example"}, http.StatusForbidden},
		{"Origin is the public host over http", []string{"Origin", "http://set.example"}, http.StatusForbidden},
		{"Origin is null", []string{"Origin", "null"}, http.StatusForbidden},
		{"the browser says same origin", []string{"Sec-Fetch-Site", "same-origin", "Origin", "https://set.example"}, http.StatusSeeOther},
		{"the browser says cross site", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://elsewhere.example"}, http.StatusForbidden},
		{"the browser says same site", []string{"Sec-Fetch-Site", "same-site", "Origin", "https://www.set.example"}, http.StatusForbidden},
		{"no browser", nil, http.StatusSeeOther},
	} {
		status, h := sendFrom(t, ts, "POST", "/login", right, append(tt.header, "X-Forwarded-For", "203.0.113.10")...)
		if status != tt.want {
			t.Errorf("sign in, %s: %d, want %d", tt.name, status, tt.want)
		}
		if h.Get("Strict-Transport-Security") == "" {
			t.Errorf("sign in, %s: no Strict-Transport-Security", tt.name)
		}
	}
	// An API write from another site is refused too, before it is read.
	if status, _ := sendFrom(t, ts, "POST", "/api/v1/report/red-mesa/concerns", nil, "Origin", "https://elsewhere.example"); status != http.StatusForbidden {
		t.Errorf("an anonymous report from another site: %d", status)
	}

	// Over plain http, no promise of https.
	plain := newTestServer(t, storagetest.SQLite(), "")
	if _, h := sendFrom(t, plain, "GET", "/login", nil); h.Get("Strict-Transport-Security") != "" {
		t.Errorf("an http site sends Strict-Transport-Security: %q", h.Get("Strict-Transport-Security"))
	}
}

// TestUntrustedProxyIsWarnedOnce sends requests through a proxy on this
// machine that the server was not told to trust: it says so in its log
// once, and never while answering an anonymous reporter, whose requests
// leave no line.
func TestUntrustedProxyIsWarnedOnce(t *testing.T) {
	var log syncLog
	ts := newLoggedServer(t, "http://127.0.0.1:8080", &log)
	ts.seed(t)
	if status, _, body := callFrom(t, ts, "203.0.113.9", "POST", "/api/v1/report/red-mesa/concerns", "application/json",
		`{"category":"other","severity":"normal","description":"Loose handrail"}`); status != http.StatusCreated {
		t.Fatalf("an anonymous report: %d %s", status, body)
	}
	if strings.Contains(log.String(), "not trusted") {
		t.Fatalf("an anonymous report left a line in the log:\n%s", log.String())
	}
	for range 3 {
		sendFrom(t, ts, "GET", "/login", nil, "X-Forwarded-For", "203.0.113.9")
	}
	if n := strings.Count(log.String(), "--trusted-proxy"); n != 1 {
		t.Fatalf("the warning was logged %d times:\n%s", n, log.String())
	}
	if strings.Contains(log.String(), "203.0.113.9") {
		t.Fatalf("the log holds the client's address:\n%s", log.String())
	}
}

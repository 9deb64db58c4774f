package http_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// syncLog is a log that handlers write to from many requests at once.
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncLog) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLoggedServer is newTestServer with the server's whole log, debug
// lines included, kept in log, and people reaching it at publicURL.
func newLoggedServer(t testing.TB, publicURL string, log io.Writer, configure ...func(*sshttp.Config)) *testServer {
	t.Helper()
	u, err := url.Parse(publicURL)
	if err != nil {
		t.Fatal(err)
	}
	logged := func(c *sshttp.Config) { c.Logger, c.PublicURL = slogText(log), u }
	return newTestServer(t, storagetest.SQLite(), "", append([]func(*sshttp.Config){logged}, configure...)...)
}

// cookieBrowser is a client that keeps cookies, as a browser does.
func cookieBrowser(t *testing.T, ts *testServer) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := *ts.Client()
	c.Jar = jar
	return &c
}

// signInByForm signs in with the sign-in form, and returns the answer.
func signInByForm(t *testing.T, ts *testServer, c *http.Client, name string) *http.Response {
	t.Helper()
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"email": {name + "@example.com"}, "password": {"password-of-" + name}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// cookiesSetBy returns the cookies that the answer to a request sets, and
// the redirects before it, by name.
func cookiesSetBy(resp *http.Response) map[string]*http.Cookie {
	out := map[string]*http.Cookie{}
	for r := resp; r != nil; r = r.Request.Response {
		for _, c := range r.Cookies() {
			if _, seen := out[c.Name]; !seen {
				out[c.Name] = c
			}
		}
	}
	return out
}

func TestPagesAreLockedDown(t *testing.T) {
	for _, public := range []string{"http://127.0.0.1:8080", "https://set.example"} {
		t.Run(strings.Split(public, ":")[0], func(t *testing.T) {
			ts := newLoggedServer(t, public, io.Discard)
			ts.seed(t)
			secure := strings.HasPrefix(public, "https:")
			c := cookieBrowser(t, ts)
			// Without a cookie jar that follows Secure, an https site's
			// cookies are read from the answers rather than sent back.
			c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

			resp := signInByForm(t, ts, c, "armorer")
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign in: status %d", resp.StatusCode)
			}
			session := cookiesSetBy(resp)["setsafe_session"]
			if session == nil {
				t.Fatalf("signing in set no session cookie: %v", resp.Header["Set-Cookie"])
			}
			if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode && session.SameSite != http.SameSiteStrictMode || session.Secure != secure {
				t.Errorf("the session cookie is HttpOnly=%v SameSite=%v Secure=%v, want HttpOnly, SameSite Lax or Strict, Secure=%v",
					session.HttpOnly, session.SameSite, session.Secure, secure)
			}
			for name, form := range map[string]url.Values{
				"setsafe_lang":  {"lang": {"es"}, "back": {"/"}},
				"setsafe_theme": {"theme": {"contrast"}, "back": {"/"}},
			} {
				path := "/language"
				if name == "setsafe_theme" {
					path = "/theme"
				}
				resp, err := c.PostForm(ts.URL+path, form)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				ck := cookiesSetBy(resp)[name]
				if ck == nil {
					t.Errorf("POST %s set no cookie %s", path, name)
					continue
				}
				if !ck.HttpOnly || ck.Secure != secure {
					t.Errorf("the cookie %s is HttpOnly=%v Secure=%v, want HttpOnly and Secure=%v", name, ck.HttpOnly, ck.Secure, secure)
				}
			}

			// Every page carries a content security policy that allows no
			// inline script or style and no eval, signed in or not.
			pages := []string{"/", "/login", "/setup", "/no-such-page", "/productions/red-mesa",
				"/productions/red-mesa/firearms/" + ts.ids["firearm"], "/productions/nowhere"}
			for _, signedIn := range []bool{false, true} {
				for _, path := range pages {
					req, _ := http.NewRequest("GET", ts.URL+path, nil)
					if signedIn {
						req.AddCookie(session)
					}
					resp, err := ts.Client().Do(req)
					if err != nil {
						t.Fatal(err)
					}
					resp.Body.Close()
					csp := resp.Header.Get("Content-Security-Policy")
					if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src") ||
						strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
						t.Errorf("GET %s (signed in: %v, status %d) has the policy %q", path, signedIn, resp.StatusCode, csp)
					}
				}
			}
		})
	}
}

// TestFormsFromOtherSitesAreRefused checks that another site cannot make a
// browser sign in or out here behind its owner's back.
func TestFormsFromOtherSitesAreRefused(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	c := cookieBrowser(t, ts)
	signInByForm(t, ts, c, "armorer")
	signedIn := func() bool {
		c2 := *c
		c2.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := c2.Get(ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	if !signedIn() {
		t.Fatal("the sign-in form did not sign in")
	}
	for _, cross := range []struct {
		name   string
		header http.Header
	}{
		{"Sec-Fetch-Site", http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"Origin", http.Header{"Origin": {"https://elsewhere.example"}}},
	} {
		for _, path := range []string{"/login", "/logout"} {
			form := url.Values{"email": {"armorer@example.com"}, "password": {"password-of-armorer"}}
			req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range cross.header {
				req.Header[k] = v
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s from another site (%s): status %d, want %d", path, cross.name, resp.StatusCode, http.StatusForbidden)
			}
			if !signedIn() {
				t.Fatalf("POST %s from another site (%s) signed the browser out", path, cross.name)
			}
		}
	}
}

// TestPINsStayOutOfTheLog checks that the PINs typed at a hand-over, right
// or wrong, never reach the server's log.
func TestPINsStayOutOfTheLog(t *testing.T) {
	var log syncLog
	ts := newLoggedServer(t, "http://127.0.0.1:8080", &log)
	ts.seed(t)
	prod := "/api/v1/productions/red-mesa"
	firearm := prod + "/firearms/" + ts.ids["firearm"]
	const right, wrong = "7391", "8264"
	if status, body := ts.call(t, "producer", "PUT", prod+"/people/"+ts.ids["cast"]+"/pin", `{"pin":"`+right+`"}`); status != http.StatusOK {
		t.Fatalf("set PIN: %d %s", status, body)
	}
	for _, pin := range []string{wrong, right} {
		for _, action := range []string{"/check", "/handover"} {
			body := `{"to":"` + ts.ids["cast"] + `","giver_pin":"` + pin + `","receiver_pin":"` + pin + `"}`
			if action == "/check" {
				body = `{"action":"handover","to":"` + ts.ids["cast"] + `","pin":"` + pin + `"}`
			}
			ts.call(t, "armorer", "POST", firearm+action, body)
		}
	}
	// And as a form field or in a query, where a careless log would copy it.
	ts.call(t, "armorer", "POST", firearm+"/handover?pin="+right, `{"to":"`+ts.ids["cast"]+`","giver_pin":"`+right+`","receiver_pin":"`+right+`"}`)
	got := log.String()
	if !strings.Contains(got, "/handover") {
		t.Fatalf("the server logged no hand-over, so this test sees nothing: %s", got)
	}
	for _, pin := range []string{right, wrong} {
		if strings.Contains(got, pin) {
			t.Errorf("the PIN %s is in the server's log:\n%s", pin, got)
		}
	}
}

// gateFormats returns the format strings of every reason the gate gives:
// the first argument of each c.fail call in gate/*.go, tests aside.
func gateFormats(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../gate/*.go")
	if err != nil {
		t.Fatal(err)
	}
	var formats []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "fail" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: the gate gives a reason whose text is not written out, so it cannot be translated", fset.Position(call.Pos()))
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			formats = append(formats, s)
			return true
		})
	}
	if len(formats) < 10 {
		t.Fatalf("found only %d reasons in gate/*.go", len(formats))
	}
	return formats
}

// formatVerb lists the formatting formatVerb of a format string in order (%s, %d,
// %q...), leaving out %%.
var formatVerb = regexp.MustCompile(`%[-+# 0-9.*]*[a-zA-Z%]`)

func verbsOf(format string) []string {
	var out []string
	for _, v := range formatVerb.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// TestEveryGateReasonIsInSpanish checks that every reason the gate can
// give has a Spanish text in http/pages/locales/es/gate.json, with the same
// blanks in the same order, so a page in Spanish says why it is NO-GO.
func TestEveryGateReasonIsInSpanish(t *testing.T) {
	b, err := os.ReadFile("pages/locales/es/gate.json")
	if err != nil {
		t.Fatal(err)
	}
	var spanish map[string]string
	if err := json.Unmarshal(b, &spanish); err != nil {
		t.Fatalf("pages/locales/es/gate.json: %v", err)
	}
	known := map[string]bool{}
	for _, f := range gateFormats(t) {
		known[f] = true
		es, ok := spanish[f]
		if !ok || es == "" {
			t.Errorf("no Spanish for the gate's reason %q", f)
			continue
		}
		if en, es := verbsOf(f), verbsOf(es); !slices.Equal(en, es) {
			t.Errorf("the Spanish of %q has the blanks %v, want %v in that order: %q", f, es, en, spanish[f])
		}
	}
	// The values in the blanks: the gate's own words, durations, moments.
	for _, f := range slices.Concat([]string{"%d minutes", "%d %s at %s", "from %s until %s", "from %s", "until %s"}, gate.OutWords) {
		known[f] = true
	}
	all := map[string]string{}
	files, _ := filepath.Glob("pages/locales/es/*.json")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &all); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	words := slices.Concat(gate.Words(), []string{"and", "or", "1 minute", "%d minutes", "%d %s at %s", "from %s until %s", "from %s", "until %s", "at any time"})
	for m := time.January; m <= time.December; m++ {
		words = append(words, m.String())
	}
	for _, r := range setsafe.Roles {
		words = append(words, r.Title())
	}
	for _, w := range words {
		if all[w] == "" {
			t.Errorf("no Spanish for %q, which fills the blanks of the gate's reasons", w)
		}
	}
	for en := range spanish {
		if !known[en] && strings.Contains(en, "%") {
			t.Errorf("pages/locales/es/gate.json translates %q, which the gate no longer says", en)
		}
	}
}

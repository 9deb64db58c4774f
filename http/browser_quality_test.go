package http_test

import (
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/setsafe/setsafe/storagetest"
)

// The quality bars of the pages, measured in a real browser: accessibility
// (axe-core), the keyboard, page weight and where requests go.

// axeSource is axe-core, read once: testdata/axe.min.js.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/axe.min.js")
	return string(b), err
})

// axeViolation is one rule that a page breaks, as axe-core reports it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// wantAccessible runs axe-core on the page the phone shows and fails the
// test for every serious or critical violation, naming the rule, what it
// asks for and the elements that break it. page names the page in failures.
//
// The script is evaluated through DevTools, which the page's content
// security policy does not govern, so the page needs no exception for it.
func (p *phone) wantAccessible(page string) {
	p.t.Helper()
	src, err := axeSource()
	if err != nil {
		p.t.Fatalf("read axe-core: %v", err)
	}
	if !runOn(p, "inject axe-core into "+page, chromedp.Evaluate[bool](src+"\n;typeof axe === 'object'")) {
		p.t.Fatalf("%s: axe-core did not load", page)
	}
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" "))})))`
	violations := runOn(p, "run axe-core on "+page, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	for _, v := range violations {
		p.t.Errorf("%s: %s violation %q: %s, at %s", page, v.Impact, v.ID, v.Help, strings.Join(v.Targets, ", "))
	}
}

// switchTheme switches the phone to a theme ("standard" or "contrast") with
// the form in the page's footer, as a person would, and stays on the page.
func (p *phone) switchTheme(theme string) {
	p.t.Helper()
	current := runOn(p, "theme", chromedp.Evaluate[string](`document.documentElement.dataset.theme || "standard"`))
	if current == theme {
		return
	}
	p.tap(`footer form[action="/theme"] button[type=submit]`)
	if got := runOn(p, "theme", chromedp.Evaluate[string](`document.documentElement.dataset.theme || "standard"`)); got != theme {
		p.t.Fatalf("the theme form left the %s theme, want %s", got, theme)
	}
}

// signInThroughForm signs in on the sign-in page as one of the seeded accounts, by
// name (a role, site_admin, outsider).
func (p *phone) signInThroughForm(name string) {
	p.t.Helper()
	p.open("/login")
	p.typeInto("#email", name+"@example.com")
	p.typeInto("#password", "password-of-"+name)
	if status := p.tap(`main button[type=submit]`); status != http.StatusOK {
		p.t.Fatalf("sign in as %s: status %d", name, status)
	}
}

// signOutThroughHeader signs out with the button in the header.
func (p *phone) signOutThroughHeader() {
	p.t.Helper()
	p.tap(`header form[action="/logout"] button[type=submit]`)
	p.wantPath("/login")
}

func TestBrowserAccessibility(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "some-token")
	ts.seed(t)
	signedOut := []struct{ name, path string }{
		{"sign-in page", "/login"},
		{"setup page", "/setup?token=some-token"},
		{"missing page", "/no-such-page"},
	}
	signedIn := []struct{ name, path string }{
		{"home page", "/"},
		{"production page", "/productions/red-mesa"},
		{"firearm page", "/productions/red-mesa/firearms/" + ts.ids["firearm"]},
	}
	p := newPhone(t, ts.URL)
	for _, theme := range []string{"standard", "contrast"} {
		p.open("/login")
		p.switchTheme(theme)
		for _, pg := range signedOut {
			p.open(pg.path)
			p.screenshot(theme + " " + pg.name)
			p.wantAccessible(pg.name + " (" + theme + ")")
		}
		p.signInThroughForm("armorer")
		for _, pg := range signedIn {
			p.open(pg.path)
			p.screenshot(theme + " " + pg.name)
			p.wantAccessible(pg.name + " (" + theme + ")")
		}
		p.signOutThroughHeader()
	}
}

// focusState describes the element that has the keyboard focus, and how its
// focus shows.
type focusState struct {
	Tag, ID, Class, Text string
	Outline              string
	OutlineWidth         float64
	Left                 float64
}

const whatIsFocused = `(() => {
	const el = document.activeElement, s = getComputedStyle(el);
	return {Tag: el.tagName.toLowerCase(), ID: el.id, Class: el.className, Text: el.textContent.trim(),
		Outline: s.outlineStyle, OutlineWidth: parseFloat(s.outlineWidth) || 0, Left: el.getBoundingClientRect().left};
})()`

// fromTheTop moves the keyboard's starting point to the top of the page, as
// when a page has just been reached with the keyboard: the body takes the
// focus for a moment, so the next Tab goes to the first thing in the page.
const fromTheTop = `document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute("tabindex")`

func TestBrowserKeyboard(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)
	p.open("/login")
	// Start from the top of the page, as after it loads with no focus: the
	// sign-in page puts the cursor into the e-mail field, which is for
	// people who type, not for people who move with Tab.
	p.do("start from the top", chromedp.Evaluate[chromedp.Void](fromTheTop))
	want := []struct {
		what  string
		match func(focusState) bool
	}{
		{"the skip link", func(f focusState) bool { return f.Tag == "a" && f.Class == "skip" }},
		{"the name of the site", func(f focusState) bool { return f.Tag == "a" && f.Class == "brand" }},
		{"the e-mail field", func(f focusState) bool { return f.ID == "email" }},
		{"the password field", func(f focusState) bool { return f.ID == "password" }},
		{"the sign-in button", func(f focusState) bool { return f.Tag == "button" && strings.Contains(f.Text, "Sign in") }},
	}
	for i, w := range want {
		p.do("press Tab", chromedp.KeyEvent(kb.Tab))
		f := runOn(p, "focusState element", chromedp.Evaluate[focusState](whatIsFocused))
		if !w.match(f) {
			t.Fatalf("Tab number %d reached %+v, want %s", i+1, f, w.what)
		}
		if f.Outline == "none" || f.OutlineWidth < 2 {
			t.Errorf("%s shows no focus outline (%s %g px)", w.what, f.Outline, f.OutlineWidth)
		}
		if i == 0 {
			if f.Left < 0 {
				t.Errorf("the focusState skip link is off the screen, at %g px", f.Left)
			}
			p.screenshot("skip link")
		}
	}
	// The skip link, reached above with the first Tab, leads to the
	// content: focused, Enter follows it.
	p.open("/login")
	p.do("focus the skip link", chromedp.Focus(chromedp.CSS(`a.skip`)))
	p.do("press Enter", chromedp.KeyEvent(kb.Enter))
	// The key's default action may land a moment after the key event.
	ctx, cancel := p.step()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash === "#main"`, chromedp.WithPollingTimeout(stepTimeout))); err != nil {
		t.Errorf("the skip link went to %q, want #main (%v)", runOn(p, "location", chromedp.Evaluate[string](`location.hash`)), err)
	}
}

// resourceSize is what the browser fetched for one URL, as the Performance
// API reports it: bytes on the wire (headers and body) and the body as sent.
type resourceSize struct {
	Name     string `json:"name"`
	Transfer int    `json:"transfer"`
	Encoded  int    `json:"encoded"`
}

// transferred returns the bytes the browser fetched for the page it shows,
// the page itself and everything it loaded, and each of them. A resource
// the browser took from its cache counts nothing.
func (p *phone) transferred() (total int, each []resourceSize) {
	p.t.Helper()
	p.waitLoaded()
	each = runOn(p, "resources", chromedp.Evaluate[[]resourceSize](`[...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
		.map(e => ({name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize}))`))
	for _, r := range each {
		total += max(r.Transfer, r.Encoded)
	}
	return total, each
}

// openCold opens path with an empty browser cache, as on a first visit.
func (p *phone) openCold(path string) int {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		p.t.Fatalf("clear the browser cache: %v", err)
	}
	return p.open(path)
}

// maxPageWeight is the most a page may cost on a first visit: on a slow
// 3G connection (about 50 kB/s) it takes two seconds.
const maxPageWeight = 100 * 1024

// wantLight opens path with an empty cache and fails the test if all it
// fetches weighs more than maxPageWeight, or if any of it comes from
// another host. name names the page in failures.
func (p *phone) wantLight(name, path string) {
	p.t.Helper()
	p.openCold(path)
	total, each := p.transferred()
	p.t.Logf("%s: %.1f kB in %d requests", name, float64(total)/1024, len(each))
	if total > maxPageWeight {
		p.t.Errorf("%s weighs %.1f kB on a first visit, more than %d kB:", name, float64(total)/1024, maxPageWeight/1024)
		for _, r := range each {
			p.t.Errorf("  %s: %d bytes", r.Name, max(r.Transfer, r.Encoded))
		}
	}
	for _, r := range each {
		if !strings.HasPrefix(r.Name, p.base+"/") {
			p.t.Errorf("%s loads %s from another site", name, r.Name)
		}
	}
}

func TestBrowserPageWeight(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "some-token")
	ts.seed(t)
	p := newPhone(t, ts.URL)

	// Every request the browser makes, to see that none leaves the server.
	var mu sync.Mutex
	var requested []string
	if err := chromedp.Listen(p.ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}

	p.wantLight("sign-in page", "/login")
	p.wantLight("setup page", "/setup?token=some-token")
	p.wantLight("missing page", "/no-such-page")
	p.signInThroughForm("armorer")
	p.wantLight("home page", "/")
	p.wantLight("production page", "/productions/red-mesa")
	p.wantLight("firearm page", "/productions/red-mesa/firearms/"+ts.ids["firearm"])

	mu.Lock()
	defer mu.Unlock()
	if len(requested) == 0 {
		t.Fatal("the browser reported no requests")
	}
	for _, u := range requested {
		// A data: URL leaves nothing: it is the browser's own drawing, such
		// as the calendar icon of a date-time input.
		if !strings.HasPrefix(u, ts.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the browser asked another site for %s", u)
		}
	}
}

// linkedAsset finds the fingerprinted /static/ URLs that a page links to.
var linkedAsset = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// TestAssetsAreCompressedAndCached checks that the style sheet and scripts
// of the pages travel compressed and are kept for a year: their names
// change whenever their content does.
func TestAssetsAreCompressedAndCached(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	resp, err := ts.Client().Get(ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	urls := linkedAsset.FindAllStringSubmatch(string(body), -1)
	if len(urls) < 3 {
		t.Fatalf("the sign-in page links to %d assets, want the style sheet and the scripts: %s", len(urls), body)
	}
	for _, m := range urls {
		req, _ := http.NewRequest("GET", ts.URL+m[1], nil)
		// Set by hand, the client leaves the answer compressed.
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", m[1], resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
			t.Errorf("%s is sent with Content-Encoding %q, want gzip", m[1], got)
		}
		if got, want := resp.Header.Get("Cache-Control"), "public, max-age=31536000, immutable"; got != want {
			t.Errorf("%s is sent with Cache-Control %q, want %q", m[1], got, want)
		}
	}
}

// pickLanguage picks a language in the page's footer, as a person would
// without JavaScript: choose it, then tap Change.
func (p *phone) pickLanguage(code string) {
	p.t.Helper()
	// Set the value without a change event: with one, the page's script
	// sends the form itself, and the tap below would send it a second time.
	runOn(p, "choose "+code, chromedp.Evaluate[string](`document.querySelector("#lang").value = `+strconv.Quote(code)))
	if status := p.tap(`footer form[action="/language"] button[type=submit]`); status != http.StatusOK {
		p.t.Fatalf("choose the language %s: status %d", code, status)
	}
	p.waitLoaded()
}

// waitLoaded waits until the page has loaded everything it asked for.
// A page still navigating away destroys the script context the wait runs
// in; the wait then starts again in the new page's.
func (p *phone) waitLoaded() {
	p.t.Helper()
	for try := 1; ; try++ {
		ctx, cancel := p.step()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`))
		cancel()
		if err == nil {
			return
		}
		if try == 5 || !strings.Contains(err.Error(), "Cannot find context") && !strings.Contains(err.Error(), "Execution context was destroyed") {
			p.t.Fatalf("wait for the page to load: %v", err)
		}
	}
}

// wantPageLanguage fails the test unless the page says it is in the language.
func (p *phone) wantPageLanguage(code string) {
	p.t.Helper()
	if got := runOn(p, "lang", chromedp.Evaluate[string](`document.documentElement.lang`)); got != code {
		path, _ := p.location()
		p.t.Errorf("%s has lang=%q, want %q", path, got, code)
	}
}

func TestBrowserSpanish(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)

	p.open("/login")
	p.wantPageLanguage("en")
	p.pickLanguage("es")
	p.wantPath("/login")
	p.wantPageLanguage("es")
	p.wantText("main h1", "Iniciar sesión")
	p.wantText(`label[for=email]`, "Correo electrónico")
	p.wantText(`footer`, "Idioma")
	p.screenshot("sign-in in Spanish")
	p.wantAccessible("sign-in page in Spanish")

	// A wrong password is told in Spanish.
	p.typeInto("#email", "producer@example.com")
	p.typeInto("#password", "not-the-password")
	p.tap(`main button[type=submit]`)
	p.wantPageLanguage("es")
	p.wantText(".problem", "El correo electrónico o la contraseña no son correctos.")

	p.typeInto("#password", "password-of-producer")
	p.tap(`main button[type=submit]`)
	p.wantPath("/")
	p.screenshot("home in Spanish")
	p.wantPageLanguage("es")
	p.wantText("main h1", "Sus producciones")
	p.wantText("header", "Cerrar sesión")

	p.tap(`a.card[href="/productions/red-mesa"]`)
	p.screenshot("production in Spanish")
	p.wantAccessible("production page in Spanish")
	p.wantPageLanguage("es")
	p.wantText("main", "Sus roles:")
	p.wantText("main", "Personas")
	p.wantText("main", "Registro de pruebas")
	p.wantFits()

	// The choice is the device's: it stays after signing out and in.
	p.signOutThroughHeader()
	p.wantPageLanguage("es")
	p.wantText("main h1", "Iniciar sesión")
	p.signInThroughForm("producer")
	p.wantPageLanguage("es")
	p.wantText("main h1", "Sus producciones")

	// And back to English.
	p.pickLanguage("en")
	p.wantPageLanguage("en")
	p.wantText("main h1", "Your productions")
}

package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/storagetest"
)

// Phone size in CSS pixels.
const phoneWidth, phoneHeight = 360, 740

// stepTimeout bounds each browser step, so a hang fails the test instead of
// stalling it.
const stepTimeout = 15 * time.Second

// chromiumPath returns the Chromium to drive: $SETSAFE_CHROMIUM, or else
// /usr/bin/chromium. Without one the test is skipped, or fails in CI.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("SETSAFE_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("Chromium is required in CI, and %s is missing: install the Debian packages chromium and chromium-driver, or set SETSAFE_CHROMIUM", path)
	}
	t.Skipf("browser test skipped: no Chromium at %s; install the Debian packages chromium and chromium-driver (apt-get install chromium chromium-driver), or set SETSAFE_CHROMIUM to its path", path)
	return ""
}

// phone is one tab of a headless Chromium with a phone-sized screen, pointed
// at a test server. Its methods fail the test when a step fails or hangs.
type phone struct {
	t    *testing.T
	ctx  context.Context
	base string // URL of the server
	dir  string // where screenshots go
	shot int    // screenshots taken so far, to number them in order
}

// newPhone starts a Chromium for the test and returns its tab. The browser
// ends when the test does. Screenshots go to testoutput/browser/ at the
// repository root; earlier ones of the same test are removed first.
func newPhone(t *testing.T, base string) *phone {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// The test server is at 127.0.0.1; no other host may be reached, so
		// names resolve to nothing and no proxy from the environment is used.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("no-proxy-server", true),
		chromedp.WindowSize(phoneWidth, phoneHeight),
		// No UserDataDir: the allocator then makes a fresh temporary profile,
		// and removes it after killing any Chromium process left using it.
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)

	// The first action starts the browser and ties its life to the context it
	// gets, so it must not get a context with a deadline; wait for it here.
	started := make(chan error, 1)
	go func() {
		started <- chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch))
	}()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	case <-time.After(30 * time.Second):
		cancelTab()
		t.Fatal("Chromium did not start within 30 s")
	}

	dir := filepath.Join("..", "testoutput", "browser")
	// A subtest's screenshots go in a folder named after its parent.
	if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(t.Name())), 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, t.Name()+"-*.png"))
	for _, f := range old {
		os.Remove(f)
	}
	return &phone{t: t, ctx: ctx, base: base, dir: dir}
}

// step returns a context for one step, bounded by stepTimeout.
func (p *phone) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, stepTimeout)
}

// do runs actions in order and fails the test if one fails.
func (p *phone) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// runOn runs one action of the phone p and returns its value.
func runOn[T any](p *phone, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open loads path and returns the HTTP status of the page it ends on, after
// any redirects.
func (p *phone) open(path string) int {
	p.t.Helper()
	resp := runOn(p, "open "+path, chromedp.NavigateResponse(p.base+path))
	return int(resp.Status)
}

// tap taps the element that sel selects, waits for the page that it loads,
// and returns that page's HTTP status.
func (p *phone) tap(sel string) int {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Tap(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("tap %s: %v", sel, err)
	}
	return int(resp.Status)
}

// typeInto types text into the input that sel selects, after what it holds.
func (p *phone) typeInto(sel, text string) {
	p.t.Helper()
	p.do("type into "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// location returns the path and query of the page.
func (p *phone) location() (path string, query url.Values) {
	p.t.Helper()
	u, err := url.Parse(runOn(p, "location", chromedp.Location()))
	if err != nil {
		p.t.Fatal(err)
	}
	return u.Path, u.Query()
}

// text returns the visible text of the first element that sel selects,
// after waiting for it to be visible.
func (p *phone) text(sel string) string {
	p.t.Helper()
	p.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	return runOn(p, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// value returns the value of the input that sel selects.
func (p *phone) value(sel string) string {
	p.t.Helper()
	return runOn(p, "value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// wantPath fails the test unless the page is at path.
func (p *phone) wantPath(path string) {
	p.t.Helper()
	if got, _ := p.location(); got != path {
		p.t.Fatalf("the browser is at %s, want %s", got, path)
	}
}

// wantText fails the test unless the visible text of sel contains want.
func (p *phone) wantText(sel, want string) {
	p.t.Helper()
	if got := p.text(sel); !strings.Contains(got, want) {
		p.t.Errorf("%s shows %q, want it to contain %q", sel, got, want)
	}
}

// wantFits fails the test if the page is wider than the phone's screen, so
// that one would have to scroll sideways.
func (p *phone) wantFits() {
	p.t.Helper()
	w := runOn(p, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if w > phoneWidth {
		path, _ := p.location()
		p.t.Errorf("%s is %d px wide on a %d px screen", path, w, phoneWidth)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9]+`)

// screenshot saves the whole page as a PNG named after the test and step.
func (p *phone) screenshot(step string) {
	p.t.Helper()
	png := runOn(p, "screenshot "+step, chromedp.FullScreenshot(100))
	p.shot++
	name := fmt.Sprintf("%s-%02d-%s.png", p.t.Name(), p.shot, strings.Trim(unsafeName.ReplaceAllString(step, "-"), "-"))
	if err := os.WriteFile(filepath.Join(p.dir, name), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func TestBrowserSignIn(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	p := newPhone(t, ts.URL)

	// Signed out, the production page sends the browser to sign in, and
	// remembers where it was going.
	if status := p.open("/productions/red-mesa"); status != http.StatusOK {
		t.Fatalf("signed-out production page ends with status %d", status)
	}
	p.screenshot("signed out")
	path, query := p.location()
	if path != "/login" || query.Get("next") != "/productions/red-mesa" {
		t.Fatalf("signed out, the production page went to %s?%s, want /login?next=/productions/red-mesa", path, query.Encode())
	}
	p.wantText("main h1", "Sign in")
	if bg := runOn(p, "header colour", chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.bar")).backgroundColor`)); bg != "rgb(17, 17, 17)" {
		t.Errorf("the header is %s: the style sheet did not load under the content security policy", bg)
	}
	p.wantFits()

	// A wrong password: the page says so and keeps the e-mail address.
	p.typeInto("#email", "producer@example.com")
	p.typeInto("#password", "not-the-password")
	if status := p.tap(`main button[type=submit]`); status != http.StatusUnauthorized {
		t.Errorf("wrong password: status %d, want %d", status, http.StatusUnauthorized)
	}
	p.screenshot("wrong password")
	p.wantPath("/login")
	p.wantText(".problem", "The e-mail address or the password is wrong.")
	if got := p.value("#email"); got != "producer@example.com" {
		t.Errorf("after a wrong password the e-mail field holds %q", got)
	}
	if got := p.value("#password"); got != "" {
		t.Errorf("after a wrong password the password field still holds %q", got)
	}
	p.wantFits()

	// The right password leads on to the page the browser was going to.
	p.typeInto("#password", "password-of-producer")
	if status := p.tap(`main button[type=submit]`); status != http.StatusOK {
		t.Errorf("right password: status %d", status)
	}
	p.screenshot("production")
	p.wantPath("/productions/red-mesa")
	p.wantText("main h1", "Red Mesa")
	p.wantText("header .who", "producer")
	// The producer's tasks, theirs first, each one tap away.
	p.wantText(".tiles li:first-child", "People")
	for _, tile := range []string{"Armory", "Today", "Timeline"} {
		p.wantText(".tiles", tile)
	}
	p.wantText("main", "Evidence ledger")
	p.wantFits()

	// The home page lists the production, as a link to it.
	if status := p.open("/"); status != http.StatusOK {
		t.Fatalf("home page: status %d", status)
	}
	p.screenshot("home")
	p.wantText(`a.card[href="/productions/red-mesa"]`, "Red Mesa")
	p.wantFits()
	if status := p.tap(`a.card[href="/productions/red-mesa"]`); status != http.StatusOK {
		t.Errorf("production link: status %d", status)
	}
	p.wantPath("/productions/red-mesa")

	// Signing out leads to the sign-in page, and the session is gone.
	if status := p.tap(`header button[type=submit]`); status != http.StatusOK {
		t.Errorf("sign out: status %d", status)
	}
	p.screenshot("signed out again")
	p.wantPath("/login")
	p.wantText("main h1", "Sign in")
	p.open("/productions/red-mesa")
	if path, query := p.location(); path != "/login" || query.Get("next") != "/productions/red-mesa" {
		t.Errorf("after signing out, the production page went to %s?%s, want the sign-in page", path, query.Encode())
	}
	p.screenshot("production after sign-out")
}

func TestBrowserSetup(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "some-token")
	p := newPhone(t, ts.URL)

	if status := p.open("/setup?token=some-token"); status != http.StatusOK {
		t.Fatalf("setup page: status %d", status)
	}
	p.screenshot("setup")
	p.wantText("main h1", "Set up this site")
	if got := p.value(`input[name=token]`); got != "some-token" {
		t.Fatalf("the setup form carries the token %q", got)
	}
	p.wantFits()

	// A short password: the browser itself refuses to send the form.
	p.typeInto("#name", "Ada Admin")
	p.typeInto("#email", "ada@example.com")
	p.typeInto("#password", "too-short")
	tooShort := runOn(p, "password validity", chromedp.Evaluate[bool](`document.querySelector("#password").validity.tooShort && !document.querySelector("form").checkValidity()`))
	if !tooShort {
		t.Fatal("the browser would send a password shorter than 12 characters")
	}
	p.screenshot("short password")

	// The server must refuse it too, and say why on the page: the minlength
	// attribute is only a convenience that some browsers and tools ignore.
	// Removing it lets this browser send the form as they would.
	p.do("remove minlength", chromedp.RemoveAttribute(chromedp.CSS("#password"), "minlength"))
	if status := p.tap(`main button[type=submit]`); status != http.StatusBadRequest {
		t.Errorf("short password: status %d, want %d", status, http.StatusBadRequest)
	}
	p.screenshot("short password refused")
	p.wantText(".problem", "at least 12 characters")
	if name, email := p.value("#name"), p.value("#email"); name != "Ada Admin" || email != "ada@example.com" {
		t.Errorf("after a refusal the form holds %q and %q", name, email)
	}
	p.wantFits()

	// A wrong token is refused on the page.
	p.open("/setup?token=wrong-token")
	p.typeInto("#name", "Ada Admin")
	p.typeInto("#email", "ada@example.com")
	p.typeInto("#password", "a long enough password")
	if status := p.tap(`main button[type=submit]`); status != http.StatusUnauthorized {
		t.Errorf("wrong token: status %d, want %d", status, http.StatusUnauthorized)
	}
	p.screenshot("wrong token")
	p.wantText(".problem", "The setup token is wrong.")

	// The right token and good values make the administrator, signed in.
	p.open("/setup?token=some-token")
	p.typeInto("#name", "Ada Admin")
	p.typeInto("#email", "ada@example.com")
	p.typeInto("#password", "a long enough password")
	if status := p.tap(`main button[type=submit]`); status != http.StatusOK {
		t.Errorf("setup: status %d", status)
	}
	p.screenshot("signed in")
	p.wantPath("/")
	p.wantText("main", "You have no role in any production yet")
	p.wantText("header .who", "Ada Admin")
	p.wantFits()

	// The setup link works once: the administrator is sent home, anyone
	// else is told that setup is closed.
	p.open("/setup?token=some-token")
	p.wantPath("/")
	p.tap(`header button[type=submit]`)
	p.wantPath("/login")
	if status := p.open("/setup?token=some-token"); status != http.StatusNotFound {
		t.Errorf("setup link used again: status %d, want %d", status, http.StatusNotFound)
	}
	p.screenshot("setup closed")
	p.wantText("main", "Setup is closed")
	if n := runOn(p, "forms", chromedp.Evaluate[int](`document.querySelectorAll("main form").length`)); n != 0 {
		t.Errorf("the closed setup page still has %d forms", n)
	}
}

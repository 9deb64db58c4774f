package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/storagetest"
)

// slow3G is Chrome's "Slow 3G" preset: 400 ms of latency and 400 kbit/s
// each way, about what a phone gets at the edge of a location's coverage.
var slow3G = network.Conditions{Latency: 400, DownloadThroughput: 400 * 1000 / 8, UploadThroughput: 400 * 1000 / 8, ConnectionType: network.ConnectionTypeCellular3g}

// newBenchTab starts a headless Chromium with a phone's screen for a
// benchmark, or skips the benchmark without one.
func newBenchTab(b *testing.B) context.Context {
	b.Helper()
	path := os.Getenv("SETSAFE_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no Chromium at %s; install the Debian package chromium, or set SETSAFE_CHROMIUM", path)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"), chromedp.Flag("no-proxy-server", true),
		chromedp.WindowSize(phoneWidth, phoneHeight))
	b.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	b.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		b.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// BenchmarkBrowserFirstPaint measures how long a phone on slow 3G waits
// for the first text of a page, with nothing cached: the sign-in page, and
// the firearm page that a label's QR code opens. It reports fcp-ms, the
// mean first contentful paint.
func BenchmarkBrowserFirstPaint(b *testing.B) {
	ts := newTestServer(b, storagetest.SQLite(), "")
	ts.seed(b)
	ctx := newBenchTab(b)
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		b.Helper()
		step, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(step, actions...); err != nil {
			b.Fatalf("%s: %v", what, err)
		}
	}
	// Sign in at full speed: the cookie lets the firearm page open.
	do("sign in", chromedp.Navigate(ts.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), "armorer@example.com"),
		chromedp.SendKeys(chromedp.CSS("#password"), "password-of-armorer"),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(`header form[action="/logout"]`)))
	firearm := "/productions/red-mesa/firearms/" + ts.ids["firearm"]
	for _, pg := range []struct{ name, path string }{{"sign-in", "/login"}, {"armory", "/productions/red-mesa/armory"}, {"firearm", firearm},
		{"hand-off", firearm + "/issue?to=" + ts.ids["cast"]}} {
		b.Run(pg.name, func(b *testing.B) {
			if pg.name == "sign-in" {
				// Signed in, /login sends the browser home: sign out first.
				defer do("sign in again", chromedp.Navigate(ts.URL+"/login"),
					chromedp.SendKeys(chromedp.CSS("#email"), "armorer@example.com"),
					chromedp.SendKeys(chromedp.CSS("#password"), "password-of-armorer"),
					chromedp.Submit(chromedp.CSS("#password")),
					chromedp.WaitVisible(chromedp.CSS(`header form[action="/logout"]`)))
				do("sign out", chromedp.Navigate(ts.URL+"/"), chromedp.Submit(chromedp.CSS(`header form[action="/logout"] button`)),
					chromedp.WaitVisible(chromedp.CSS("#email")))
			}
			var total float64
			for b.Loop() {
				do("cold cache and slow 3G", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					if _, err := cdp.Call(ctx, t, network.ClearBrowserCache, cdp.Empty{}); err != nil {
						return err
					}
					_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
						MatchedNetworkConditions: []*network.Conditions{&slow3G}})
					return err
				}))
				do("open "+pg.path, chromedp.Navigate(ts.URL+pg.path))
				step, cancel := context.WithTimeout(ctx, time.Minute)
				fcp, err := chromedp.Run(step, chromedp.Poll[float64](`performance.getEntriesByName("first-contentful-paint")[0]?.startTime`))
				cancel()
				if err != nil {
					b.Fatalf("first contentful paint of %s: %v", pg.path, err)
				}
				total += fcp
				do("full speed", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
						MatchedNetworkConditions: []*network.Conditions{{Latency: 0, DownloadThroughput: -1, UploadThroughput: -1}}})
					return err
				}))
			}
			b.ReportMetric(total/float64(b.N), "fcp-ms")
		})
	}
}

// BenchmarkPageRender measures how long the server takes to answer for a
// page, from the request to the last byte, without the network: the
// armorer's and the 1st AD's main pages, signed in. It reports the median
// and the 99th percentile; the bar is 10 ms at the 99th.
func BenchmarkPageRender(b *testing.B) {
	ts := newTestServer(b, storagetest.SQLite(), "")
	ts.seed(b)
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"email": {"armorer@example.com"}, "password": {"password-of-armorer"}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "setsafe_session" {
			session = ck
		}
	}
	if session == nil {
		b.Fatal("signing in set no session cookie")
	}
	for _, pg := range []struct{ name, path string }{
		{"firearm", "/productions/red-mesa/firearms/" + ts.ids["firearm"]},
		{"production", "/productions/red-mesa"},
		{"armory", "/productions/red-mesa/armory"},
		{"hand-off", "/productions/red-mesa/firearms/" + ts.ids["firearm"] + "/issue?to=" + ts.ids["cast"]},
		{"today", "/productions/red-mesa/today"},
		{"people", "/productions/red-mesa/people"},
	} {
		b.Run(pg.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				req := httptest.NewRequest("GET", pg.path, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				req.AddCookie(session)
				w := httptest.NewRecorder()
				start := time.Now()
				ts.srv.ServeHTTP(w, req)
				took = append(took, time.Since(start))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d", pg.path, w.Code)
				}
			}
			slices.Sort(took)
			at := func(q float64) float64 {
				return float64(took[min(len(took)-1, int(q*float64(len(took))))]) / float64(time.Millisecond)
			}
			b.ReportMetric(at(0.50), "p50-ms")
			b.ReportMetric(at(0.99), "p99-ms")
		})
	}
}

package http_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// brokenLedger is a database whose appends, or whose keeping of answers,
// fail when told to.
type brokenLedger struct {
	*sqldb.DB
	appends, answers atomic.Bool
}

func (l *brokenLedger) Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error) {
	if l.appends.Load() {
		return nil, errors.New("the disk is full")
	}
	return l.DB.Append(ctx, req)
}

func (l *brokenLedger) KeepAnswer(ctx context.Context, key, answer []byte) (bool, error) {
	if l.answers.Load() {
		return false, errors.New("the disk is full")
	}
	return l.DB.KeepAnswer(ctx, key, answer)
}

// TestAnonymousFailuresAreNotLogged makes the anonymous reporter's routes
// fail, on the API and the report form, and their answers go unkept: the
// log has no line of them, since its own clock would say when someone
// reported; the metrics count them. The same failures of a signed-in
// request are logged.
func TestAnonymousFailuresAreNotLogged(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var log syncLog
			var broken *brokenLedger
			ts := newTestServer(t, b, "", func(c *sshttp.Config) {
				broken = &brokenLedger{DB: c.Ledger.(*sqldb.DB)}
				c.Ledger, c.Logger = broken, slogText(&log)
			})
			ts.seed(t)
			report := `{"category":"firearms","severity":"high","description":"A live round in the dummy box"}`

			// An answer that is not kept, then requests that fail.
			broken.answers.Store(true)
			if a := ts.keyedCall(t, "", "POST", "/api/v1/report/red-mesa/concerns", "unkept-anonymous-0001", report); a.status != http.StatusCreated {
				t.Fatalf("the report whose answer is not kept: %d %s", a.status, a.body)
			}
			broken.appends.Store(true)
			if a := ts.keyedCall(t, "", "POST", "/api/v1/report/red-mesa/concerns", "", report); a.status != http.StatusInternalServerError ||
				strings.Contains(string(a.body), "has been logged") {
				t.Fatalf("the report that fails: %d %s, want 500 that does not say it is logged", a.status, a.body)
			}
			form := url.Values{"category": {"firearms"}, "severity": {"high"}, "description": {"A live round in the dummy box"}}
			if status, _, body := postForm(t, ts, "", "/report/red-mesa", form); status != http.StatusInternalServerError {
				t.Fatalf("the report form that fails: %d %.500s", status, body)
			}

			// The same of a signed-in request, which is logged.
			concern := `{"category":"firearms","severity":"high","mode":"named","description":"A live round in the dummy box"}`
			broken.appends.Store(false)
			if a := ts.keyedCall(t, "crew", "POST", "/api/v1/productions/red-mesa/concerns", "unkept-signed-in-0001", concern); a.status != http.StatusCreated {
				t.Fatalf("the signed-in concern whose answer is not kept: %d %s", a.status, a.body)
			}
			broken.appends.Store(true)
			if status, body := ts.call(t, "crew", "POST", "/api/v1/productions/red-mesa/concerns", concern); status != http.StatusInternalServerError {
				t.Fatalf("the signed-in concern that fails: %d %s", status, body)
			}
			for deadline := time.Now().Add(10 * time.Second); !strings.Contains(log.String(), "was not kept"); time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("the signed-in answer that was not kept is not logged:\n%s", log.String())
				}
			}
			time.Sleep(100 * time.Millisecond) // the anonymous answer's keeping, begun before
			got := log.String()
			for _, want := range []string{`msg="request failed" method=POST route="POST /api/v1/productions/{production}/concerns"`,
				`was not kept; the request sent again is answered from its entries" route="POST /api/v1/productions/{production}/concerns"`} {
				if !strings.Contains(got, want) {
					t.Errorf("the log misses %q:\n%s", want, got)
				}
			}
			for line := range strings.Lines(got) {
				if strings.Contains(line, "report") {
					t.Errorf("the log has a line of an anonymous request: %s", line)
				}
			}

			// The metrics count them.
			status, metrics := ts.call(t, "", "GET", "/metrics", "")
			if status != http.StatusOK || !strings.Contains(string(metrics), `code="500",method="POST",route="POST /api/v1/report/{production}/concerns"`) {
				t.Errorf("the metrics do not count the failed anonymous report: %d", status)
			}
		})
	}
}

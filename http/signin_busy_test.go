package http_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestSignInsNotCheckedAreNoFailures signs in while every turn of the
// passwords' hashing is taken, on a server that gives each request a
// short time: the sign-ins whose time ends waiting for the hash, or for
// their turn among the client's, are told the server is busy, are not
// wrong passwords, and count as no failure, so that the right password
// signs in at once afterwards.
func TestSignInsNotCheckedAreNoFailures(t *testing.T) {
	var log syncLog
	passwords := argon2id.NewBudget(1)
	ts := newTestServer(t, storagetest.SQLite(), "", func(c *sshttp.Config) {
		c.Hashing = sshttp.Hashing{Passwords: passwords}
		c.Logger = slogText(&log)
	})
	ts.seed(t)
	// A proxy in front that gives up on a request after a while.
	hurried := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 200*time.Millisecond)
		defer cancel()
		ts.srv.ServeHTTP(w, r.WithContext(ctx))
	}))
	t.Cleanup(hurried.Close)
	release := make(chan struct{})
	var once sync.Once
	defer once.Do(func() { close(release) })
	fill(passwords, release)

	signIn := func(base, password string) (int, string) {
		resp, err := http.Post(base+"/api/v1/session", "application/json",
			strings.NewReader(`{"email":"armorer@example.com","password":"`+password+`"}`))
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// Two wait for the hash, a third for its turn among the client's; and
	// twice more.
	var mu sync.Mutex
	busy := 0
	for range 2 {
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				status, body := signIn(hurried.URL, "password-of-armorer")
				if status != http.StatusServiceUnavailable || errorOf(t, []byte(body)).Code != setsafe.EUnavailable {
					t.Errorf("a sign-in not checked in time: %d %s, want 503", status, body)
				}
				mu.Lock()
				defer mu.Unlock()
				if strings.Contains(body, "The server is busy; try again") {
					busy++
				}
			})
		}
		wg.Wait()
	}
	// Those that waited for the hash say so; one that got its turn just
	// before its time ended may end reading the account instead.
	if busy < 4 {
		t.Errorf("%d of 6 sign-ins not checked say the server is busy, want at least the 4 that waited for the hash", busy)
	}
	if strings.Contains(log.String(), "sign-in failed") {
		t.Errorf("a sign-in not checked is logged as failed:\n%s", log.String())
	}

	once.Do(func() { close(release) })
	if status, body := signIn(ts.URL, "password-of-armorer"); status != http.StatusOK {
		t.Fatalf("the right password afterwards: %d %s", status, body)
	}
	// A wrong password is still one.
	if status, body := signIn(ts.URL, "not-the-password"); status != http.StatusUnauthorized {
		t.Fatalf("a wrong password: %d %s", status, body)
	}
}

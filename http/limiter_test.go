package http

import (
	"fmt"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

func TestLoginLimiter(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	l := newLoginLimiter(clock)
	// Per address, counted before the password is checked.
	for i := range maxAttemptsPerAccount {
		if err := l.attempt("rosa@example.com", "203.0.113.5"); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if err := l.attempt("rosa@example.com", "198.51.100.7"); setsafe.ErrorCode(err) != setsafe.ERateLimited {
		t.Fatalf("attempt beyond the limit, from elsewhere: %v", err)
	}
	clock.Advance(loginWindow + time.Second)
	if err := l.attempt("rosa@example.com", "203.0.113.5"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	l.succeeded("rosa@example.com", "203.0.113.5")
	if n := l.tries.recent("e:rosa@example.com", clock.Now()); n != 0 {
		t.Fatalf("a sign-in left %d attempts counted", n)
	}

	// Per client, across addresses; but not for this machine, which a
	// reverse proxy would share among everyone.
	for i := range maxAttemptsPerClient {
		if err := l.attempt(fmt.Sprintf("guess%d@example.com", i), "192.0.2.1"); err != nil {
			t.Fatalf("client attempt %d: %v", i, err)
		}
		if err := l.attempt(fmt.Sprintf("guess%d@example.com", i), "127.0.0.1"); err != nil && i < maxAttemptsPerAccount-1 {
			t.Fatalf("loopback attempt %d: %v", i, err)
		}
	}
	if err := l.attempt("new@example.com", "192.0.2.1"); setsafe.ErrorCode(err) != setsafe.ERateLimited {
		t.Fatalf("client beyond its limit: %v", err)
	}
	if err := l.attempt("new@example.com", "127.0.0.1"); err != nil {
		t.Fatalf("loopback client limited: %v", err)
	}

	// Old attempts are swept away.
	clock.Advance(2 * loginWindow)
	for i := range sweepEvery {
		l.attempt(fmt.Sprintf("sweep%d@example.com", i), "127.0.0.1")
	}
	if len(l.tries.at) > sweepEvery+1 {
		t.Fatalf("%d keys remembered after a sweep", len(l.tries.at))
	}
}

func TestLocalPath(t *testing.T) {
	tests := map[string]string{
		"/productions/red-mesa":      "/productions/red-mesa",
		"/productions/red-mesa?x=1":  "/productions/red-mesa?x=1",
		"":                           "/",
		"//evil.example":             "/",
		"/\\evil.example":            "/",
		"/\t/evil.example/":          "/",
		"/%09/evil.example/":         "/%09/evil.example/",
		"https://evil.example/":      "/",
		"javascript:alert(1)":        "/",
		"/ok\nLocation: x":           "/",
		"\\\\evil.example":           "/",
		"/productions/../etc/passwd": "/productions/../etc/passwd",
	}
	for in, want := range tests {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

package http

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

// TestSignInLimits plays guessers against the sign-in limits: none of
// them keeps a client that has not failed from signing in, and each that
// fails waits longer after every failure.
func TestSignInLimits(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	wrong := setsafe.Errorf(setsafe.EUnauthorized, "wrong")
	l := newSignInLimits(clock)
	// try begins and ends a sign-in, and returns how long it was told to
	// wait (0: it was let through).
	try := func(client, email string, outcome error) time.Duration {
		t.Helper()
		err := l.begin(context.Background(), client, email)
		if err == nil {
			l.end(client, email, outcome)
			return 0
		}
		e, ok := errors.AsType[*retryLater](err)
		if !ok || setsafe.ErrorCode(err) != setsafe.ERateLimited || e.after <= 0 {
			t.Fatalf("%s, %s: refused with %v", client, email, err)
		}
		return e.after
	}

	// A guesser's first failures are free; then it waits a second, two,
	// four...
	const rosa, guesser = "rosa@example.com", "203.0.113.5"
	var waits []time.Duration
	for range 8 {
		w := try(guesser, rosa, wrong)
		waits = append(waits, w)
		clock.Advance(w)
		if w > 0 && try(guesser, rosa, wrong) != 0 {
			t.Fatal("a guess after its wait was refused")
		}
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Fatalf("the guesser waited %v, want %v", waits, want)
	}
	// Meanwhile the armorer, on another client, signs in at once.
	if w := try("198.51.100.7", rosa, nil); w != 0 {
		t.Fatalf("the right password from a client that has not failed waits %v", w)
	}
	// Guessing spread over many clients slows each client that failed,
	// but not one that has not.
	for i := range 200 {
		try(fmt.Sprintf("192.0.2.%d", i), "marcus@example.com", wrong)
	}
	if w := try("192.0.2.7", "marcus@example.com", wrong); w < time.Minute {
		t.Fatalf("a client of a spread guess waits %v", w)
	}
	if w := try("198.51.100.8", "marcus@example.com", nil); w != 0 {
		t.Fatalf("a client that has not failed waits %v for an account under attack", w)
	}
	// A client failing on many accounts waits too.
	for i := range freeClientFailures {
		if w := try("198.51.100.9", fmt.Sprintf("user%d@example.com", i), wrong); w != 0 {
			t.Fatalf("failure %d on its own account waited %v", i, w)
		}
	}
	if w := try("198.51.100.9", "someone@example.com", nil); w != time.Second {
		t.Fatalf("a client that failed on %d accounts waits %v", freeClientFailures, w)
	}
	// Signing in forgets the client's failures on the account; an error
	// of the server counts for nothing.
	clock.Advance(time.Second)
	try("198.51.100.10", rosa, wrong)
	try("198.51.100.10", rosa, errors.New("database down"))
	try("198.51.100.10", rosa, nil)
	if n := l.fails.recent("ca:198.51.100.10 "+rosa, clock.Now()); n != 0 {
		t.Fatalf("%d failures remembered after signing in", n)
	}

	// At most signInsAtOnce of one client's sign-ins are checked at once;
	// a further one waits for a turn, as long as its request lasts.
	for range signInsAtOnce {
		if err := l.begin(context.Background(), "198.51.100.11", rosa); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := l.begin(ctx, "198.51.100.11", rosa); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a sign-in beyond those at once, whose request ended while it waited: %v", err)
	}
	turn := make(chan error)
	go func() { turn <- l.begin(context.Background(), "198.51.100.11", rosa) }()
	select {
	case err := <-turn:
		t.Fatalf("a sign-in beyond those at once did not wait: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	if w := try("198.51.100.12", rosa, nil); w != 0 {
		t.Fatalf("another client waits %v for this one's sign-ins", w)
	}
	l.end("198.51.100.11", rosa, nil)
	if err := <-turn; err != nil {
		t.Fatalf("a sign-in waiting for its turn once one ended: %v", err)
	}
	l.end("198.51.100.11", rosa, nil)
	l.end("198.51.100.11", rosa, nil)
	if len(l.busy) != 0 || len(l.turns) != 0 {
		t.Fatalf("sign-ins still counted as being checked: %v, %d waiting", l.busy, len(l.turns))
	}

	// Failures are forgotten after the window, and swept away.
	clock.Advance(signInWindow + time.Second)
	if w := try(guesser, rosa, wrong); w != 0 {
		t.Fatalf("after the window the guesser waits %v", w)
	}
	for i := range sweepEvery {
		try(fmt.Sprintf("10.0.%d.%d", i/256, i%256), "sweep@example.com", wrong)
	}
	if _, ok := l.fails.at["a:marcus@example.com"]; ok {
		t.Fatal("failures from before the window were not swept away")
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
		if got := LocalPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

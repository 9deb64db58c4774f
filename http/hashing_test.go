package http_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe/argon2id"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// fill takes every turn of a budget until release is closed.
func fill(b *argon2id.Budget, release chan struct{}) {
	started := make(chan struct{})
	for range b.Size() {
		go b.Do(context.Background(), func() { started <- struct{}{}; <-release })
		<-started
	}
}

// waitFor waits until n callers wait for a turn of b.
func waitFor(t *testing.T, b *argon2id.Budget, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for b.Waiting() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d callers wait for the budget, want %d", b.Waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPINChecksNeverWaitForSignIns takes every turn of the sign-in and the
// anonymous reporters' hashing, with a sign-in and a receipt lookup
// waiting for one, and checks that a hand-off's PIN is checked meanwhile,
// right and wrong, while the two still wait.
func TestPINChecksNeverWaitForSignIns(t *testing.T) {
	passwords, reporters := argon2id.NewBudget(1), argon2id.NewBudget(1)
	ts := newTestServer(t, storagetest.SQLite(), "", func(c *sshttp.Config) {
		c.Hashing = sshttp.Hashing{Passwords: passwords, Reporters: reporters}
	})
	ts.seed(t)
	prod := "/api/v1/productions/red-mesa"
	cast := ts.ids["cast"]
	must := ts.caller(t)
	must("producer", "PUT", prod+"/people/"+cast+"/pin", `{"pin":"2468"}`, http.StatusOK)
	must("producer", "PUT", prod+"/people/"+ts.ids["armorer"]+"/pin", `{"pin":"2468"}`, http.StatusOK)
	// The armorer holds the revolver, so that handing it over takes the
	// other person's PIN.
	must("producer", "PUT", prod+"/safety/compliance-contact", `{"person_id":"`+ts.ids["producer"]+`"}`, http.StatusOK)
	must("armorer", "POST", prod+"/firearms/"+ts.ids["firearm"]+"/unsecure", "", http.StatusOK)

	release := make(chan struct{})
	var once sync.Once
	defer once.Do(func() { close(release) }) // so that a failing test ends
	fill(passwords, release)
	fill(reporters, release)
	// Each answer is checked on the test's goroutine; the channels hold it
	// so that no request is left blocked if the test ends first.
	type result struct {
		a   answer
		err error
	}
	signedIn, looked := make(chan result, 1), make(chan result, 1)
	go func() {
		a, err := ts.tryCall("", "POST", "/api/v1/session", "", `{"email":"armorer@example.com","password":"password-of-armorer"}`)
		signedIn <- result{a, err}
	}()
	go func() {
		a, err := ts.tryCall("", "POST", "/api/v1/report/red-mesa/receipt", "", `{"code":"0000 0000 0000 0000 0001"}`)
		looked <- result{a, err}
	}()
	waitFor(t, passwords, 1)
	waitFor(t, reporters, 1)

	// A wrong PIN is refused; the right one passes, for the gate to say
	// NO-GO without the day's paperwork.
	for _, tt := range []struct{ pin, says string }{{"1357", "Wrong PIN"}, {"2468", "NO-GO"}} {
		done := make(chan result, 1)
		go func() {
			a, err := ts.tryCall("armorer", "POST", prod+"/firearms/"+ts.ids["firearm"]+"/handover", "", `{"to":"`+cast+`","giver_pin":"2468","receiver_pin":"`+tt.pin+`"}`)
			done <- result{a, err}
		}()
		select {
		case r := <-done:
			if r.err != nil {
				t.Fatalf("a hand-off with PIN %s: %v", tt.pin, r.err)
			}
			if r.a.status != http.StatusUnauthorized && r.a.status != http.StatusConflict || !strings.Contains(string(r.a.body), tt.says) {
				t.Errorf("a hand-off with PIN %s: %d %s", tt.pin, r.a.status, r.a.body)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the PIN %s was not checked while sign-ins and receipt codes wait", tt.pin)
		}
	}
	if passwords.Waiting() != 1 || reporters.Waiting() != 1 {
		t.Fatalf("the sign-in and the lookup no longer wait: %d %d", passwords.Waiting(), reporters.Waiting())
	}
	once.Do(func() { close(release) })
	if r := <-signedIn; r.err != nil || r.a.status != http.StatusOK {
		t.Errorf("the sign-in that waited: %d %v", r.a.status, r.err)
	}
	if r := <-looked; r.err != nil || r.a.status != http.StatusNotFound {
		t.Errorf("the receipt lookup that waited: %d %v", r.a.status, r.err)
	}
}

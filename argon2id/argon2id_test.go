package argon2id

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

var fast = Params{Memory: 64, Time: 1, Threads: 1}

func TestHashAndVerify(t *testing.T) {
	h, err := Hash("correct horse battery staple", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	h2, _ := Hash("correct horse battery staple", fast)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		secret string
		want   bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"", false},
		{"Correct horse battery staple", false},
	}
	for _, tt := range tests {
		ok, err := Verify(tt.secret, h)
		if err != nil || ok != tt.want {
			t.Errorf("Verify(%q) = %v, %v; want %v", tt.secret, ok, err, tt.want)
		}
	}
}

func TestVerifyRejectsMalformed(t *testing.T) {
	good, _ := Hash("x", fast)
	for _, bad := range []string{
		"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=64", "m=99999999", 1),
		strings.Replace(good, "t=1", "t=0", 1),
		good[:strings.LastIndex(good, "$")],
	} {
		if ok, err := Verify("x", bad); err == nil || ok {
			t.Errorf("Verify accepted %q", bad)
		}
	}
}

// FuzzVerify checks Verify on any secret and stored hash against Argon2id
// itself: it refuses, as malformed, exactly the hashes decode refuses;
// decode accepts only parameters within the bounds that keep a tampered
// hash from exhausting the server; and a well-formed hash verifies a
// secret exactly when its key is the one Argon2id derives from that secret
// with the hash's parameters and salt.
func FuzzVerify(f *testing.F) {
	good, _ := Hash("x", fast)
	f.Add("x", good)
	f.Add("y", good)
	f.Add("", good)
	f.Add("x", "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("x", "$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("x", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5")
	f.Fuzz(func(t *testing.T, secret, encoded string) {
		p, salt, key, derr := decode(encoded)
		if derr == nil && (p.Memory > maxMemory || p.Memory < 8*uint32(p.Threads) || p.Time < 1 || p.Time > 64 || p.Threads < 1 ||
			len(salt) < 8 || len(key) < 16 || len(key) > 64) {
			t.Fatalf("decode accepted %q: %+v, a salt of %d bytes, a key of %d", encoded, p, len(salt), len(key))
		}
		if derr == nil && (p.Memory > 1024 || p.Time > 2) {
			return // within bounds, but too slow to derive at every input
		}
		ok, err := Verify(secret, encoded)
		if (err != nil) != (derr != nil) || (err != nil && (ok || !errors.Is(err, ErrMalformed))) {
			t.Fatalf("Verify(%q, %q) = %v, %v; decode says %v", secret, encoded, ok, err, derr)
		}
		if err != nil {
			return
		}
		derived := argon2.IDKey([]byte(secret), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
		if ok != bytes.Equal(derived, key) {
			t.Fatalf("Verify(%q, %q) = %v, but the key derived from the secret is %x and the hash's %x", secret, encoded, ok, derived, key)
		}
	})
}

// TestConcurrentHashesAreBounded runs more hashes than there are slots and
// checks that no more than the bound ran at once.
func TestConcurrentHashesAreBounded(t *testing.T) {
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	for range 4 * shared.Size() {
		wg.Go(func() {
			shared.Do(context.Background(), func() {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				time.Sleep(time.Millisecond)
				running.Add(-1)
			})
		})
	}
	wg.Wait()
	if p := peak.Load(); p > int32(shared.Size()) || p < 1 {
		t.Fatalf("%d hashes ran at once, bound %d", p, shared.Size())
	}
}

// TestBudgetsAreApart fills one budget and checks that another still
// hashes at once, that a caller of the full one waits for a turn, and that
// a waiting caller can give up.
func TestBudgetsAreApart(t *testing.T) {
	busy, free := NewBudget(2), NewBudget(1)
	release := make(chan struct{})
	started := make(chan struct{})
	for range busy.Size() {
		go busy.Do(context.Background(), func() { started <- struct{}{}; <-release })
		<-started
	}
	waited := make(chan error)
	go func() {
		_, err := busy.Hash(context.Background(), "1234", fast)
		waited <- err
	}()
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error)
	go func() {
		_, err := busy.Verify(ctx, "1234", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5")
		gaveUp <- err
	}()
	for busy.Waiting() != 2 {
		runtime.Gosched()
	}
	// The other budget hashes while this one is full.
	h, err := free.Hash(context.Background(), "1234", fast)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := free.Verify(context.Background(), "1234", h); !ok || err != nil {
		t.Fatalf("verify in a free budget: %v %v", ok, err)
	}
	if _, err := free.Keyed(context.Background(), "1234", "red-mesa", fast); err != nil {
		t.Fatal(err)
	}
	if n := busy.Waiting(); n != 2 {
		t.Fatalf("%d callers wait for the full budget, want 2", n)
	}
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("a caller that gave up: %v", err)
	}
	close(release)
	if err := <-waited; err != nil {
		t.Fatalf("a caller that waited: %v", err)
	}
	if n := busy.Waiting(); n != 0 {
		t.Fatalf("%d callers still wait", n)
	}
}

func TestKeyed(t *testing.T) {
	a, err := Keyed("1234 5678", "red-mesa", fast)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, secret, key string
		same              bool
	}{
		{"same secret and key", "1234 5678", "red-mesa", true},
		{"another key", "1234 5678", "blue-ridge", false},
		{"another secret", "1234 5679", "red-mesa", false},
	}
	for _, tt := range tests {
		b, err := Keyed(tt.secret, tt.key, fast)
		if err != nil || (a == b) != tt.same {
			t.Errorf("%s: %q vs %q (%v)", tt.name, a, b, err)
		}
	}
	if ok, err := Verify("1234 5678", a); !ok || err != nil {
		t.Errorf("Verify of a keyed hash = %v, %v", ok, err)
	}
	if _, err := Keyed("x", "k", Params{}); err == nil {
		t.Error("zero parameters accepted")
	}
}

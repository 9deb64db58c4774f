package argon2id

import (
	"testing"
	"time"
)

func TestRecentRemembersRightSecrets(t *testing.T) {
	h1, _ := Hash("2468", fast)
	h2, _ := Hash("2468", fast) // the same PIN set again: a new salt
	type step struct {
		name        string
		device      string
		secret, enc string
		after       time.Duration // clock moves before the check
		want        bool
		fullCheck   bool
	}
	steps := []step{
		{"first right PIN is checked in full", "tablet", "2468", h1, 0, true, true},
		{"the same PIN soon after is remembered", "tablet", "2468", h1, time.Minute, true, false},
		{"a wrong PIN is always checked in full", "tablet", "1357", h1, 0, false, true},
		{"a wrong PIN does not disturb the remembered one", "tablet", "2468", h1, 0, true, false},
		{"the same person's PIN on another device is checked in full", "phone", "2468", h1, 0, true, true},
		{"and then remembered there too", "phone", "2468", h1, 0, true, false},
		{"a device that is not named remembers nothing", "", "2468", h1, 0, true, true},
		{"not even the second time", "", "2468", h1, 0, true, true},
		{"a changed stored hash is checked afresh", "tablet", "2468", h2, 0, true, true},
		{"once the while has passed, the PIN is checked in full again", "tablet", "2468", h1, 15 * time.Minute, true, true},
		{"and then remembered again", "tablet", "2468", h1, time.Second, true, false},
	}
	now := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	r := NewRecent(nil, 10*time.Minute, 10, func() time.Time { return now })
	full := 0
	r.full = func(s, e string) (bool, error) { full++; return Verify(s, e) }
	for _, st := range steps {
		now = now.Add(st.after)
		before := full
		ok, err := r.Verify(st.device, st.secret, st.enc)
		if err != nil || ok != st.want {
			t.Errorf("%s: Verify = %v, %v; want %v", st.name, ok, err, st.want)
		}
		if got := full > before; got != st.fullCheck {
			t.Errorf("%s: full check = %v, want %v", st.name, got, st.fullCheck)
		}
	}
}

func TestRecentIsBounded(t *testing.T) {
	now := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	r := NewRecent(nil, time.Hour, 3, func() time.Time { return now })
	for range 10 {
		h, _ := Hash("2468", fast)
		if ok, err := r.Verify("tablet", "2468", h); !ok || err != nil {
			t.Fatalf("Verify = %v, %v", ok, err)
		}
		now = now.Add(time.Second)
	}
	if len(r.seen) > 3 {
		t.Fatalf("remembers %d matches, want at most 3", len(r.seen))
	}
}

func TestRecentRejectsMalformedHashes(t *testing.T) {
	r := NewRecent(nil, time.Hour, 3, time.Now)
	if ok, err := r.Verify("tablet", "2468", "$argon2id$v=19$nonsense"); ok || err == nil {
		t.Fatalf("Verify of a malformed hash = %v, %v; want false and an error", ok, err)
	}
}

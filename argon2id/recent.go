package argon2id

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sync"
	"time"
)

// Recent verifies secrets like Verify and remembers, for a while, the ones
// it found right on a device, so that a PIN typed again soon on the same
// device — a performer handing back the revolver she was issued, on the
// armorer's tablet — is checked in microseconds instead of a full
// Argon2id. A match is remembered only for the same person (the same
// stored hash) on the same device: the same PIN typed on another device
// costs the full hash, and a device that is not named remembers nothing.
// It keeps a keyed hash (HMAC-SHA256 under a key made at start and never
// stored) of the device, the secret and its stored hash, never the
// secret. A remembered match counts only while the stored hash is the
// same one, so a changed PIN is checked afresh; a wrong secret always
// costs the full hash.
//
// Someone who can read the server's memory learns no more than from the
// stored hashes: a short PIN falls to a search either way, and the lockout
// after wrong tries is what protects it.
type Recent struct {
	ttl  time.Duration
	max  int
	now  func() time.Time
	key  [32]byte
	mu   sync.Mutex
	seen map[string]recentMatch // by device and encoded hash
	full func(secret, encoded string) (bool, error)
}

type recentMatch struct {
	mac [sha256.Size]byte
	at  time.Time
}

// NewRecent returns a Recent that checks secrets in full within budget
// (the package's own when nil), remembers a right one for ttl after it was
// checked in full, and at most max of them; now reads the clock. With a
// ttl of zero or less it remembers nothing.
func NewRecent(budget *Budget, ttl time.Duration, max int, now func() time.Time) *Recent {
	if budget == nil {
		budget = shared
	}
	full := func(secret, encoded string) (bool, error) {
		return budget.Verify(context.Background(), secret, encoded)
	}
	r := &Recent{ttl: ttl, max: max, now: now, seen: make(map[string]recentMatch), full: full}
	rand.Read(r.key[:])
	return r
}

// Verify reports whether secret, typed on device, matches the encoded
// hash.
func (r *Recent) Verify(device, secret, encoded string) (bool, error) {
	mac := r.mac(device, secret, encoded)
	key := device + "\x00" + encoded
	now := r.now()
	r.mu.Lock()
	m, ok := r.seen[key]
	r.mu.Unlock()
	if ok && device != "" && now.Sub(m.at) < r.ttl && hmac.Equal(m.mac[:], mac[:]) {
		return true, nil
	}
	right, err := r.full(secret, encoded)
	if right && r.ttl > 0 && device != "" {
		r.remember(key, recentMatch{mac: mac, at: now})
	}
	return right, err
}

func (r *Recent) remember(key string, m recentMatch) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seen[key]; !ok && len(r.seen) >= r.max {
		for k, old := range r.seen {
			if m.at.Sub(old.at) >= r.ttl {
				delete(r.seen, k)
			}
		}
		// Still full of fresh matches: forget one; it costs its owner one
		// full check.
		for k := range r.seen {
			if len(r.seen) < r.max {
				break
			}
			delete(r.seen, k)
		}
	}
	r.seen[key] = m
}

func (r *Recent) mac(device, secret, encoded string) [sha256.Size]byte {
	h := hmac.New(sha256.New, r.key[:])
	h.Write([]byte(device))
	h.Write([]byte{0})
	h.Write([]byte(encoded))
	h.Write([]byte{0})
	h.Write([]byte(secret))
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

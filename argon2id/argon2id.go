// Package argon2id hashes passwords and PINs with Argon2id (RFC 9106) and
// encodes the result in the PHC string format
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so that parameters can be
// raised later without invalidating stored hashes.
package argon2id

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Params are Argon2id's cost parameters.
type Params struct {
	// Memory in KiB.
	Memory uint32
	// Time is the number of passes.
	Time    uint32
	Threads uint8
}

// Default follows OWASP's recommendation for Argon2id: 19 MiB, 2 passes, one
// thread — about 30 ms on one core of a small server.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// PIN is the cost for PINs: 1 MiB, one pass, under a millisecond. A PIN of four to
// eight digits cannot be made safe against someone holding the database by
// a slow hash; what protects it is the lockout after a few wrong tries. A
// hand-off on set, which checks a PIN, must answer at once.
var PIN = Params{Memory: 1024, Time: 1, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

var b64 = base64.RawStdEncoding

// A Budget bounds how many hashes run at once: each takes Params.Memory
// and a core, and a crowd of them must not take the server's memory with
// it. Callers beyond the bound wait their turn, or give up when their
// context ends. Work that must answer at once, such as a PIN typed at a
// hand-off, has a budget of its own, so that it never waits behind a crowd
// of sign-ins.
type Budget struct {
	slots   chan struct{}
	waiting atomic.Int64
}

// NewBudget returns a budget of n hashes at once (at least one).
func NewBudget(n int) *Budget {
	return &Budget{slots: make(chan struct{}, max(1, n))}
}

// shared is the budget of the package's Hash, Verify and Keyed.
var shared = NewBudget(max(2, runtime.GOMAXPROCS(0)))

// Size returns how many hashes the budget runs at once.
func (b *Budget) Size() int { return cap(b.slots) }

// Waiting returns how many callers are waiting for their turn now.
func (b *Budget) Waiting() int { return int(b.waiting.Load()) }

// Do runs f within the budget, as a hash is run: at once if a turn is
// free, otherwise after waiting for one. It returns the context's error,
// without running f, if the context ends first.
func (b *Budget) Do(ctx context.Context, f func()) error {
	select {
	case b.slots <- struct{}{}:
	default:
		b.waiting.Add(1)
		select {
		case b.slots <- struct{}{}:
			b.waiting.Add(-1)
		case <-ctx.Done():
			b.waiting.Add(-1)
			return ctx.Err()
		}
	}
	defer func() { <-b.slots }()
	f()
	return nil
}

// key computes an Argon2id key within the budget.
func (b *Budget) key(ctx context.Context, secret string, salt []byte, p Params, n uint32) ([]byte, error) {
	var out []byte
	err := b.Do(ctx, func() { out = argon2.IDKey([]byte(secret), salt, p.Time, p.Memory, p.Threads, n) })
	return out, err
}

// Hash returns the PHC-encoded Argon2id hash of secret with a random salt.
func Hash(secret string, p Params) (string, error) {
	return shared.Hash(context.Background(), secret, p)
}

// Hash returns the PHC-encoded Argon2id hash of secret with a random salt,
// computed within the budget.
func (b *Budget) Hash(ctx context.Context, secret string, p Params) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key, err := b.key(ctx, secret, salt, p, keyLen)
	if err != nil {
		return "", err
	}
	return encode(p, salt, key), nil
}

func (p Params) check() error {
	if p.Memory < 8*uint32(p.Threads) || p.Time < 1 || p.Threads < 1 {
		return fmt.Errorf("argon2id: parameters %+v are too small", p)
	}
	return nil
}

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// ErrMalformed is returned for a stored hash that is not an Argon2id PHC
// string this package can read.
var ErrMalformed = errors.New("argon2id: malformed hash")

// maxMemory bounds the memory a stored hash may ask for (1 GiB), so that a
// tampered hash cannot exhaust the server.
const maxMemory = 1 << 20

// Verify reports whether secret matches the encoded hash, in time that does
// not depend on where they differ.
func Verify(secret, encoded string) (bool, error) {
	return shared.Verify(context.Background(), secret, encoded)
}

// Verify reports whether secret matches the encoded hash, computed within
// the budget, in time that does not depend on where they differ.
func (b *Budget) Verify(ctx context.Context, secret, encoded string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got, err := b.key(ctx, secret, salt, p, uint32(len(key)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

func decode(encoded string) (Params, []byte, []byte, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return Params{}, nil, nil, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return Params{}, nil, nil, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return Params{}, nil, nil, ErrMalformed
	}
	if p.Time < 1 || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory || p.Time > 64 {
		return Params{}, nil, nil, ErrMalformed
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 {
		return Params{}, nil, nil, ErrMalformed
	}
	return p, salt, key, nil
}

// Keyed returns the PHC-encoded Argon2id hash of secret with a salt derived
// from key, so that the same secret and key always give the same hash and
// a stored hash can be found by recomputing it. It is for secrets long and
// random enough not to need a random salt, such as an anonymous reporter's
// receipt code of 20 random digits; key (a production's ID) keeps two
// productions' hashes of one code apart.
func Keyed(secret, key string, p Params) (string, error) {
	return shared.Keyed(context.Background(), secret, key, p)
}

// Keyed is the package's Keyed, computed within the budget.
func (b *Budget) Keyed(ctx context.Context, secret, key string, p Params) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte("setsafe keyed salt\x00" + key))
	salt := sum[:saltLen]
	out, err := b.key(ctx, secret, salt, p, keyLen)
	if err != nil {
		return "", err
	}
	return encode(p, salt, out), nil
}

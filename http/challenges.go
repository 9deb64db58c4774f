package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

// Challenges slow a flood on the anonymous reporter's routes without
// refusing anyone. Each report page hands out a challenge; when a
// production is busy, a report or a receipt code must come back with one
// that cost its sender something: either work, a proof the page's script
// finds (a number that, hashed with SHA-256 after the challenge and a
// colon, gives a hash starting with enough zero bits), or time, the
// challenge being old enough (someone writing a report without the script
// takes that long anyway). A challenge is signed with a key made at start,
// for one production and one client, and used once. It holds no address:
// its signature covers the keyed hash the limits count the client under
// (see anonymousLimits.challengeScope), so that challenges collected in
// advance stand for nothing when another client sends them, while nothing
// is kept of a challenge until it is spent; what is kept then is its
// nonce, in memory, until it expires.

const (
	// challengeLife is how long a challenge can be used.
	challengeLife = 6 * time.Hour
	// workBits is the least work asked: about 65,000 hashes, a fraction
	// of a second for the script on a phone. Each further bit doubles it.
	workBits = 16
	// maxWorkBits bounds the work ever asked.
	maxWorkBits = 28
	// workWait is the time a challenge must be old to stand for workBits
	// of work, doubling with each further bit.
	workWait = 15 * time.Second
)

// challenge sizes: when it was made, a nonce and a signature.
const (
	challengeNonce = 12
	challengeMAC   = 16
	challengeLen   = 8 + challengeNonce + challengeMAC
)

// challenges hands out challenges and spends them.
type challenges struct {
	clock setsafe.Clock
	key   [32]byte
	mu    sync.Mutex
	used  map[string]time.Time // nonce → when the challenge expires
	spent int
}

func newChallenges(c setsafe.Clock) *challenges {
	ch := &challenges{clock: c, used: map[string]time.Time{}}
	rand.Read(ch.key[:])
	return ch
}

// issue returns a new challenge for a scope: what it may be spent on, and
// by whom (see anonymousLimits.challengeScope).
func (c *challenges) issue(scope string) string {
	b := make([]byte, challengeLen)
	binary.BigEndian.PutUint64(b, uint64(c.clock.Now().Unix()))
	rand.Read(b[8 : 8+challengeNonce])
	copy(b[8+challengeNonce:], c.mac(scope, b[:8+challengeNonce]))
	return base64.RawURLEncoding.EncodeToString(b)
}

func (c *challenges) mac(scope string, body []byte) []byte {
	m := hmac.New(sha256.New, c.key[:])
	m.Write([]byte("setsafe challenge\x00" + scope + "\x00"))
	m.Write(body)
	return m.Sum(nil)[:challengeMAC]
}

// WorkWaitFor is the age of a challenge that stands for bits of work.
func WorkWaitFor(bits int) time.Duration {
	return workWait << max(0, bits-workBits)
}

// workOf counts the leading zero bits of a proof's hash.
func workOf(challenge, proof string) int {
	sum := sha256.Sum256([]byte(challenge + ":" + proof))
	n := 0
	for _, b := range sum {
		n += bits.LeadingZeros8(b)
		if b != 0 {
			break
		}
	}
	return n
}

// busy refuses a request for now: many of what are coming in, and it
// must wait before it is sent again, or show work.
func busy(wait time.Duration, what string) error {
	return tooSoon(wait, "Many %s are coming in, so each must wait a little or show some work first. Send it again in %s.", what, inWords(wait))
}

// noChallenge refuses for now a request that brought no challenge it can
// spend (none, another client's, or one spent or expired): a page sent
// again brings the new challenge it shows, and so is told to wait; an API
// caller must fetch one (see challengeForAPI).
func noChallenge(wait time.Duration, what string) error {
	err := busy(wait, what).(*retryLater)
	err.what = what
	return err
}

// ChallengeForAPI tells an API caller refused for want of a challenge how
// to get one: the refusal for a page says to send the form again, which
// brings the new challenge the page shows; a program sending its request
// again as it was would be refused for ever.
func ChallengeForAPI(err error, productionID string) error {
	e, ok := errors.AsType[*retryLater](err)
	if !ok || e.what == "" {
		return err
	}
	return &retryLater{after: e.after, err: &setsafe.Error{Code: setsafe.ERateLimited, Message: fmt.Sprintf("Many %s are coming in, so each must show some "+
		"work first. Get a challenge with GET /api/v1/report/%s/challenge, and send the request again with it in challenge and, in proof, "+
		"a number such that the SHA-256 of the challenge, a colon and the number starts with the challenge's bits of zeros; or, without "+
		"a proof, once the challenge is wait_seconds old. Each challenge is good once, from the client that fetched it.", e.what, productionID),
		Fields: map[string]string{"challenge": "must be a challenge from GET /api/v1/report/" + productionID + "/challenge, not yet spent"}}}
}

// open reads a challenge made for the scope, and says whether it can
// still be spent.
func (c *challenges) open(scope, challenge string) (issued time.Time, nonce string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(challenge)
	if err != nil || len(b) != challengeLen || !hmac.Equal(b[8+challengeNonce:], c.mac(scope, b[:8+challengeNonce])) {
		return time.Time{}, "", false
	}
	issued = time.Unix(int64(binary.BigEndian.Uint64(b)), 0)
	nonce = string(b[8 : 8+challengeNonce])
	age := c.clock.Now().Sub(issued)
	c.mu.Lock()
	_, used := c.used[nonce]
	c.mu.Unlock()
	return issued, nonce, !used && age <= challengeLife && age > -time.Minute
}

// usable says whether a challenge can still be spent on the scope, so
// that a form sent back keeps it and the time it stands for.
func (c *challenges) usable(scope, challenge string) bool {
	_, _, ok := c.open(scope, challenge)
	return ok
}

// spend checks that a request shows the work asked, bits, with a challenge
// made for the scope: a proof of that much work, or a challenge old
// enough. It spends the challenge, and otherwise refuses for now, saying
// how long to wait; what names what is sent, for the refusal.
func (c *challenges) spend(scope, challenge, proof string, bits int, what string) error {
	issued, nonce, ok := c.open(scope, challenge)
	if !ok {
		return noChallenge(WorkWaitFor(bits), what)
	}
	now := c.clock.Now()
	if len(proof) > 20 || workOf(challenge, proof) < bits {
		if wait := issued.Add(WorkWaitFor(bits)).Sub(now); wait > 0 {
			return busy(wait, what)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, used := c.used[nonce]; used {
		return noChallenge(WorkWaitFor(bits), what)
	}
	if c.spent++; c.spent%sweepEvery == 0 {
		for n, until := range c.used {
			if now.After(until) {
				delete(c.used, n)
			}
		}
	}
	// Kept to the minute: no exact time of an anonymous request is kept.
	c.used[nonce] = issued.Add(challengeLife + time.Minute).Truncate(time.Minute)
	return nil
}

// release makes a spent challenge usable again, when what it was spent on
// was not done.
func (c *challenges) release(challenge string) {
	b, err := base64.RawURLEncoding.DecodeString(challenge)
	if err != nil || len(b) != challengeLen {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.used, string(b[8:8+challengeNonce]))
}

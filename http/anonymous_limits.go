package http

import (
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

// Limits on the anonymous reporter's routes, per client first. A client is
// counted under a hash of its address keyed with a key made at start and
// never stored, and a receipt code under a keyed hash of it: in memory
// only, for anonymousWindow, at times to the minute. What one client sends
// beyond its own limits is refused; what a whole production receives
// beyond its ceiling is only slowed (see challenges), so that no client,
// nor everyone behind one address, can silence a production's anonymous
// channel. A report marked
// critical is never refused: beyond its client's limit it must show work
// that grows with each further report. A client's first report, or first
// receipt code, in the window is never slowed by others' flood.
const (
	anonymousWindow = 15 * time.Minute
	// maxReportsPerClient is how many reports one client sends in the
	// window before any but a critical one is refused.
	maxReportsPerClient = 10
	// busyReports: beyond this many reports to a production in the window,
	// every client's next ones must show work.
	busyReports = 100
	// maxReceiptFailsPerClient is how many wrong receipt codes one client
	// may type in the window; maxLookupsPerCode, how many times one code
	// may be typed, right or wrong, by anyone.
	maxReceiptFailsPerClient = 10
	maxLookupsPerCode        = 20
	// busyReceiptFails: beyond this many wrong codes for a production in
	// the window, every client that has typed a wrong one must show work.
	busyReceiptFails = 300
	// rememberCode is how long a right receipt code is remembered, so that
	// reading the answers again and replying skip the slow hash; at most
	// maxRemembered codes are.
	rememberCode  = time.Hour
	maxRemembered = 1000
)

// anonymousLimits counts what clients send to the anonymous routes.
type anonymousLimits struct {
	clock      setsafe.Clock
	hash       secretHash
	challenges *challenges
	mu         sync.Mutex
	tries      attempts
	// remembered holds the concern of each receipt code found right
	// lately, by the code's keyed hash.
	remembered map[string]rememberedCode
}

type rememberedCode struct {
	concern string
	until   time.Time
}

func newAnonymousLimits(c setsafe.Clock) *anonymousLimits {
	return &anonymousLimits{clock: c, hash: newSecretHash(), challenges: newChallenges(c), tries: newAttempts(anonymousWindow),
		remembered: map[string]rememberedCode{}}
}

// now is the time, to the minute, at which the limits count: no exact time
// of an anonymous request is kept, even in memory.
func (l *anonymousLimits) now() time.Time { return l.clock.Now().Truncate(time.Minute) }

// reportKeys are the keys a report is counted under.
func (l *anonymousLimits) reportKeys(client, productionID string) (c, p string) {
	return "r:" + l.hash.of(client), "rp:" + productionID
}

// challengeScope is what a challenge handed to a client for a production's
// anonymous routes is made for: the production and the client's keyed
// hash, so that work done on a challenge given to one client stands for
// nothing when another sends it.
func (l *anonymousLimits) challengeScope(client, productionID string) string {
	return productionID + "\x00" + l.hash.of(client)
}

// challenge is a new challenge for a client's requests to a production's
// anonymous routes.
func (l *anonymousLimits) challenge(client, productionID string) string {
	return l.challenges.issue(l.challengeScope(client, productionID))
}

// usable says whether a challenge can still be spent by the client on the
// production.
func (l *anonymousLimits) usable(client, productionID, challenge string) bool {
	return l.challenges.usable(l.challengeScope(client, productionID), challenge)
}

// reportWork is the work, in bits, a report from a client must show now
// (none: 0), and whether it is refused unless critical.
func (l *anonymousLimits) reportWork(client, productionID string, now time.Time) (bits int, onlyCritical bool) {
	ck, pk := l.reportKeys(client, productionID)
	n := l.tries.recent(ck, now)
	if n >= maxReportsPerClient {
		bits, onlyCritical = workBits+n-maxReportsPerClient+1, true
	}
	if n > 0 && l.tries.recent(pk, now) >= busyReports {
		bits = max(bits, workBits)
	}
	return min(bits, maxWorkBits), onlyCritical
}

// reportCheck is the work, in bits, a report of a severity from a client
// must show now, or its refusal whatever work it shows: a client beyond
// its limit may send only critical reports. The caller holds the lock.
func (l *anonymousLimits) reportCheck(client, productionID, severity string, now time.Time) (bits int, err error) {
	bits, onlyCritical := l.reportWork(client, productionID, now)
	if onlyCritical && severity != setsafe.SeverityCritical {
		ck, _ := l.reportKeys(client, productionID)
		wait := l.tries.until(ck, maxReportsPerClient, now)
		return 0, tooSoon(wait, "Many anonymous reports came from here in a short time. Wait %s and send it again, or mark it critical if someone could be hurt now; "+
			"you can also tell the safety coordinator in person.", inWords(wait))
	}
	return bits, nil
}

// PeekReport is reportCheck now, counting nothing: for a report whose
// work has not been read yet.
func (l *anonymousLimits) PeekReport(client, productionID, severity string) (bits int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reportCheck(client, productionID, severity, l.now())
}

// admitReport counts an anonymous report, or refuses it for now: a client
// beyond its limit may send only critical reports, with work; when the
// production is busy, a client's further reports show work too. It says
// whether it spent the challenge.
func (l *anonymousLimits) admitReport(client, productionID, severity, challenge, proof string) (spent bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ck, pk := l.reportKeys(client, productionID)
	bits, err := l.reportCheck(client, productionID, severity, now)
	if err != nil {
		return false, err
	}
	if bits > 0 {
		if err := l.challenges.spend(l.challengeScope(client, productionID), challenge, proof, bits, "reports"); err != nil {
			return false, err
		}
	}
	l.tries.add(now, ck, pk)
	return bits > 0, nil
}

// unsent gives back what an admitted report counted, when it recorded
// nothing.
func (l *anonymousLimits) unsent(client, productionID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ck, pk := l.reportKeys(client, productionID)
	l.tries.forgetLast(ck)
	l.tries.forgetLast(pk)
}

// lookupKeys are the keys a receipt code lookup is counted under.
func (l *anonymousLimits) lookupKeys(client, productionID, codeKey string) (c, p, k string) {
	return "f:" + l.hash.of(client), "fp:" + productionID, "k:" + codeKey
}

// codeKey is the keyed hash of a receipt code of a production.
func (l *anonymousLimits) codeKey(productionID, digits string) string {
	return l.hash.of(productionID, digits)
}

// lookupWork is the work, in bits, a client's next receipt code on a
// production must show now.
func (l *anonymousLimits) lookupWork(client, productionID string, now time.Time) int {
	ck, pk, _ := l.lookupKeys(client, productionID, "")
	if l.tries.recent(ck, now) > 0 && l.tries.recent(pk, now) >= busyReceiptFails {
		return workBits
	}
	return 0
}

// admitLookup counts a receipt code typed, before it is hashed, or refuses
// it for now: a code typed too often, a client that typed too many wrong
// ones, or, when the production is busy, a client that typed a wrong one
// without work. A code found right lately is let through without the
// client's and production's limits, and its concern returned, so that it
// needs no hash. Otherwise the code counts as wrong until found.
func (l *anonymousLimits) admitLookup(client, productionID, codeKey, challenge, proof string) (concern string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ck, pk, kk := l.lookupKeys(client, productionID, codeKey)
	if wait := l.tries.until(kk, maxLookupsPerCode, now); wait > 0 {
		return "", tooSoon(wait, "This receipt code was typed many times in a short time. Wait %s and type it again.", inWords(wait))
	}
	if m, ok := l.remembered[codeKey]; ok && now.Before(m.until) {
		l.tries.add(now, kk)
		return m.concern, nil
	}
	if wait := l.tries.until(ck, maxReceiptFailsPerClient, now); wait > 0 {
		return "", tooSoon(wait, "Too many wrong receipt codes were typed here. Wait %s and type the code again.", inWords(wait))
	}
	if bits := l.lookupWork(client, productionID, now); bits > 0 {
		if err := l.challenges.spend(l.challengeScope(client, productionID), challenge, proof, bits, "receipt codes"); err != nil {
			return "", err
		}
	}
	l.tries.add(now, ck, pk, kk)
	return "", nil
}

// found says a receipt code admitted was right: it does not count as
// wrong, and is remembered for a while.
func (l *anonymousLimits) found(client, productionID, codeKey, concern string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ck, pk, _ := l.lookupKeys(client, productionID, codeKey)
	l.tries.forgetLast(ck)
	l.tries.forgetLast(pk)
	if len(l.remembered) >= maxRemembered {
		for k, m := range l.remembered {
			if now.After(m.until) {
				delete(l.remembered, k)
			}
		}
		for k := range l.remembered {
			if len(l.remembered) < maxRemembered {
				break
			}
			delete(l.remembered, k) // it costs its reporter one slow hash
		}
	}
	l.remembered[codeKey] = rememberedCode{concern: concern, until: now.Add(rememberCode)}
}

// work is the work a production's pages ask of a client's next report
// (as if critical) or receipt code, for the page's script to do.
func (l *anonymousLimits) work(client, productionID string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	bits, _ := l.reportWork(client, productionID, now)
	return max(bits, l.lookupWork(client, productionID, now))
}

package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
)

// receiptDigits is how many digits a receipt code has: 10^20 codes, so
// that nobody finds one by guessing, even without the limit on lookups.
const receiptDigits = 20

// newReceiptCode returns a fresh receipt code of random digits, in groups
// of four as the reporter is shown it.
func newReceiptCode() string {
	n, err := rand.Int(rand.Reader, receiptCodes)
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return groupedDigits(n)
}

// receiptCodes is how many receipt codes there are.
var receiptCodes = new(big.Int).Exp(big.NewInt(10), big.NewInt(receiptDigits), nil)

// groupedDigits writes n with receiptDigits digits, in groups of four.
func groupedDigits(n *big.Int) string {
	digits := fmt.Sprintf("%0*d", receiptDigits, n)
	var b strings.Builder
	for i := 0; i < len(digits); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(digits[i:min(i+4, len(digits))])
	}
	return b.String()
}

// receiptCode returns the receipt code of an anonymous report about to be
// raised: random, or, for a report sent with an idempotency key, drawn
// from the key with the server's secret, so that the report sent again
// after the server stopped before answering is answered with its code.
// Only the reporter holds the key; the server keeps neither.
func (s *Server) receiptCode(r *http.Request, productionID string) string {
	k := keyedFrom(r.Context())
	if k == nil || k.key() == "" {
		return newReceiptCode()
	}
	m := hmac.New(sha256.New, s.reporterKey)
	fmt.Fprintf(m, "setsafe receipt code\x00%s\x00%s", productionID, k.key())
	return groupedDigits(new(big.Int).Mod(new(big.Int).SetBytes(m.Sum(nil)), receiptCodes))
}

// receiptOf returns the receipt of an anonymous report whose entries are
// evs, sent with the request's key, if they are one.
func (s *Server) receiptOf(r *http.Request, evs []setsafe.Event) (ReceiptResult, bool) {
	if len(evs) == 0 || evs[0].Actor != setsafe.Anonymous {
		return ReceiptResult{}, false
	}
	c, ok := evs[0].Body.(*setsafe.ConcernRaised)
	if !ok || c.Mode != setsafe.ReportAnonymous {
		return ReceiptResult{}, false
	}
	return ReceiptResult{Code: s.receiptCode(r, evs[0].Ledger), ID: c.ID}, true
}

// parseReceiptCode returns the digits of a receipt code as typed, with the
// spaces and dashes people put in it left out, and says whether it is one.
func parseReceiptCode(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range typed {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\t' || r == '.':
		default:
			return "", false
		}
		if b.Len() > receiptDigits {
			return "", false
		}
	}
	return b.String(), b.Len() == receiptDigits
}

// receiptHash is the slow hash of a receipt code in a production, the same
// each time so that it can be looked up.
func (s *Server) receiptHash(digits, productionID string) (string, error) {
	return argon2id.Keyed(digits, productionID, s.cfg.PasswordHash)
}

// Receipt lookups: failed attempts within receiptWindow, per client and
// per production. A lookup that finds its concern forgets its client's
// attempts. Kept in memory only, under a keyed hash of the client's
// address, never the address itself.
const (
	receiptWindow                = 15 * time.Minute
	maxReceiptFailsPerClient     = 10
	maxReceiptFailsPerProduction = 300
)

// Anonymous reports: at most this many within receiptWindow per client and
// per production, so that nobody can bury a production's concerns under
// a flood of them.
const (
	maxReportsPerClient     = 10
	maxReportsPerProduction = 100
)

// receiptLimiter stops receipt codes being guessed: every lookup is
// counted before the code is hashed, and too many refused. Another one
// limits anonymous reports.
type receiptLimiter struct {
	clock     setsafe.Clock
	key       []byte
	perClient int
	perLedger int
	// refusal is what a refused attempt is told.
	refusal string
	mu      sync.Mutex
	tries   attempts
}

func newReceiptLimiter(c setsafe.Clock) *receiptLimiter {
	key := make([]byte, 32)
	rand.Read(key)
	return &receiptLimiter{clock: c, key: key, perClient: maxReceiptFailsPerClient, perLedger: maxReceiptFailsPerProduction,
		refusal: "Too many receipt codes were tried. Wait 15 minutes and type the code again.", tries: newAttempts(receiptWindow)}
}

func newReportLimiter(c setsafe.Clock) *receiptLimiter {
	l := newReceiptLimiter(c)
	l.perClient, l.perLedger = maxReportsPerClient, maxReportsPerProduction
	l.refusal = "Too many anonymous reports came in at once. Wait 15 minutes and send it again, or tell the safety coordinator in person."
	return l
}

// clientKey is a client's address hashed with a key that lives and dies
// with the process.
func (l *receiptLimiter) clientKey(client string) string {
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte(client))
	return "c:" + hex.EncodeToString(m.Sum(nil)[:12])
}

// attempt counts a lookup, or refuses it when the client or the
// production has had too many. Clients on this machine (a reverse proxy,
// which all clients would share) are limited per production only.
func (l *receiptLimiter) attempt(client, productionID string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	perClient := client != "" && !isLoopbackHost(client)
	ck, pk := l.clientKey(client), "p:"+productionID
	if l.tries.recent(pk, now) >= l.perLedger || perClient && l.tries.recent(ck, now) >= l.perClient {
		return setsafe.Errorf(setsafe.ERateLimited, "%s", l.refusal)
	}
	keys := []string{pk}
	if perClient {
		keys = append(keys, ck)
	}
	l.tries.add(now, keys...)
	return nil
}

// succeeded forgets the client's attempts and the production's last one:
// a right code leaves nothing behind.
func (l *receiptLimiter) succeeded(client, productionID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tries.forget(l.clientKey(client))
	l.tries.forgetLast("p:" + productionID)
}

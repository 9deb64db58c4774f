package http

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"math/big"
	"net/http"
	"strings"

	"github.com/setsafe/setsafe"
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

// receiptCode returns the receipt code of the anonymous concern
// concernID, about to be raised: random, or, for a report sent with an
// idempotency key, drawn from the key and the concern's ID with the
// server's secret (Config.ReporterKey), so that the report sent again after
// the server stopped before answering is answered with its code. The
// concern's ID is new with each report: a key used again for another
// report once the first report's key was forgotten gives another code,
// so that no code opens another reporter's concern.
// Only the reporter holds the key; the server keeps neither.
func (s *Server) receiptCode(r *http.Request, productionID, concernID string) string {
	k := keyedFrom(r.Context())
	if k == nil || k.key() == "" {
		return newReceiptCode()
	}
	m := hmac.New(sha256.New, s.ReporterKey)
	fmt.Fprintf(m, "setsafe receipt code\x00%s\x00%s\x00%s", productionID, concernID, k.key())
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
	return ReceiptResult{Code: s.receiptCode(r, evs[0].Ledger, c.ID), ID: c.ID}, true
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
func (s *Server) receiptHash(ctx context.Context, digits, productionID string) (string, error) {
	hash, err := s.Config.Hashing.Reporters.Keyed(ctx, digits, productionID, s.Config.PasswordHash)
	return hash, HashingError(err)
}

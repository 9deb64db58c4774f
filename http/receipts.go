package http

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"
)

// receiptDigits is how many digits a receipt code has: 10^20 codes, so
// that nobody finds one by guessing, even without the limit on lookups.
const receiptDigits = 20

// newReceiptCode returns a fresh receipt code of random digits, in groups
// of four as the reporter is shown it.
func newReceiptCode() string {
	var b strings.Builder
	ten := big.NewInt(10)
	for i := range receiptDigits {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		d, err := rand.Int(rand.Reader, ten)
		if err != nil {
			panic(err) // crypto/rand does not fail
		}
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String()
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
	return s.cfg.Hashing.Reporters.Keyed(ctx, digits, productionID, s.cfg.PasswordHash)
}

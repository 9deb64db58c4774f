package ledger

import (
	"bytes"
	"fmt"
	"time"
)

// Cosignature is a witness's cosignature of a checkpoint (C2SP
// tlog-cosignature): the signature line it returned, which verifies over
// the checkpoint's note text with the witness's verifier key.
type Cosignature struct {
	Ledger string
	// Size is the size of the checkpoint it cosigns.
	Size uint64
	// Witness is the witness's name, as its key names it.
	Witness string
	// KeyHash is the note key hash of the witness's key, 8 hex digits.
	KeyHash string
	// Line is the signature line, "— NAME BASE64\n".
	Line string
	// At is when the witness cosigned, as the cosignature says.
	At time.Time
}

// WithCosignatures returns a signed note with signature lines added after
// its own, leaving out those it carries already.
func WithCosignatures(signed []byte, lines ...string) ([]byte, error) {
	if bytes.LastIndex(signed, []byte("\n\n")) < 0 || !bytes.HasSuffix(signed, []byte("\n")) {
		return nil, fmt.Errorf("the checkpoint is not a signed note")
	}
	out := append([]byte(nil), signed...)
	for _, l := range lines {
		if !bytes.Contains(out, []byte(l)) {
			out = append(out, l...)
		}
	}
	return out, nil
}

// SameCheckpoint reports whether a signed note is the checkpoint signed,
// with only signature lines (witnesses' cosignatures) added after its own.
func SameCheckpoint(withCosignatures, signed []byte) bool {
	rest, ok := bytes.CutPrefix(withCosignatures, signed)
	if !ok || len(signed) == 0 {
		return false
	}
	for line := range bytes.Lines(rest) {
		if !bytes.HasPrefix(line, []byte("— ")) || !bytes.HasSuffix(line, []byte("\n")) {
			return false
		}
	}
	return true
}

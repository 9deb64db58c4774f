package witness

import (
	"context"
	"time"

	"github.com/setsafe/setsafe"
)

// Cosignature is a witness's cosignature of a checkpoint, as storage
// keeps it beside the checkpoint.
type Cosignature struct {
	// Witness is the name of the witness that cosigned.
	Witness string `json:"witness"`
	// KeyHash is the ID of the key it signed with: 8 lowercase hex
	// digits, as its verifier key has them.
	KeyHash string `json:"key_hash"`
	// Line is the cosignature line, as the witness returned it; it
	// verifies over the checkpoint's note text.
	Line string `json:"line"`
	// At is when the witness cosigned, as the cosignature says.
	At time.Time `json:"cosigned_at"`
}

// Checkpoint is a signed checkpoint of a production's ledger with the
// cosignatures kept beside it.
type Checkpoint struct {
	Size         uint64
	Root         []byte
	SignedAt     time.Time
	Note         []byte
	Cosignatures []Cosignature
}

// Cosigners returns who cosigned the checkpoint, to decide with [Final].
func (c Checkpoint) Cosigners() []Cosigner {
	out := make([]Cosigner, len(c.Cosignatures))
	for i, x := range c.Cosignatures {
		out[i] = Cosigner{Witness: x.Witness, KeyHash: x.KeyHash}
	}
	return out
}

// Store reads a ledger's checkpoints and their cosignatures; package
// sqldb implements it.
type Store interface {
	// CheckpointsAfter returns up to limit checkpoints of a ledger after
	// the one cursor points at ("" for the first), the largest first,
	// each with its cosignatures, and the cursor of the next part, or ""
	// after the last. cosignedOnly keeps those some witness cosigned.
	CheckpointsAfter(ctx context.Context, ledgerID, cursor string, limit int, cosignedOnly bool) ([]Checkpoint, string, error)
	// Cosignatures returns the cosignatures of a ledger's checkpoints of
	// the sizes given, by size; a size nobody cosigned is left out.
	Cosignatures(ctx context.Context, ledgerID string, sizes ...uint64) (map[uint64][]Cosignature, error)
}

// finalScan bounds how many cosigned checkpoints LatestFinal reads,
// newest first, before it says there is none.
const finalScan = 1000

// LatestFinal returns the latest checkpoint of the production that is
// final under its witnesses and quorum now, or nil when none is among the
// latest checkpoints witnesses cosigned.
func LatestFinal(ctx context.Context, store Store, s *setsafe.State) (*Checkpoint, error) {
	configured, quorum := Configured(s), Quorum(s)
	if len(configured) == 0 {
		return nil, nil
	}
	cursor := ""
	for read := 0; read < finalScan; {
		part, next, err := store.CheckpointsAfter(ctx, s.Ledger, cursor, 100, true)
		if err != nil {
			return nil, err
		}
		for _, c := range part {
			if Final(configured, quorum, c.Cosigners()) {
				return &c, nil
			}
		}
		read += len(part)
		if next == "" {
			break
		}
		cursor = next
	}
	return nil, nil
}

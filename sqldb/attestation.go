package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/attestation"
	"github.com/setsafe/setsafe/ledger"
)

// DB reads and signs compliance attestations' statements.
var _ attestation.Store = (*DB)(nil)

// PeriodEntries returns the first and last entries of a ledger recorded
// from from until before to; 0, 0 when there are none. Entries are in the
// order they were recorded, so each end is found by halving the ledger,
// one entry read by its key at a time.
func (db *DB) PeriodEntries(ctx context.Context, ledgerID string, from, to time.Time) (first, last int64, err error) {
	size, err := db.LedgerSize(ctx, ledgerID)
	if err != nil {
		return 0, 0, err
	}
	first, err = db.firstEntryAt(ctx, ledgerID, size, from)
	if err != nil {
		return 0, 0, err
	}
	end, err := db.firstEntryAt(ctx, ledgerID, size, to)
	if err != nil {
		return 0, 0, err
	}
	if first >= end {
		return 0, 0, nil
	}
	return first, end - 1, nil
}

// firstEntryAt returns the first entry of a ledger of size entries
// recorded at or after t; size+1 when there is none.
func (db *DB) firstEntryAt(ctx context.Context, ledgerID string, size int64, t time.Time) (int64, error) {
	us := t.UnixMicro()
	lo, hi := int64(1), size+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		var at int64
		err := db.queryRow(ctx, "SELECT time_us FROM ledger WHERE ledger_id = ? AND seq = ?", ledgerID, mid).Scan(&at)
		if err != nil {
			return 0, db.classify(fmt.Errorf("read entry %d of %s: %w", mid, ledgerID, err))
		}
		if at < us {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// EachEntry calls each with the ledger's entries first..last whose type
// is one of types, in order, and stops at its first error. It holds one
// entry at a time.
func (db *DB) EachEntry(ctx context.Context, ledgerID string, first, last int64, types []string, each func(setsafe.Event) error) error {
	if len(types) == 0 || first > last {
		return nil
	}
	args := []any{ledgerID, first, last}
	for _, t := range types {
		args = append(args, t)
	}
	rows, err := db.query(ctx, "SELECT seq, entry FROM ledger WHERE ledger_id = ? AND seq >= ? AND seq <= ? AND type IN ("+placeholders(len(types))+") ORDER BY seq", args...)
	if err != nil {
		return db.classify(fmt.Errorf("read ledger %s: %w", ledgerID, err))
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var entry []byte
		if err := rows.Scan(&seq, &entry); err != nil {
			return db.classify(fmt.Errorf("read ledger %s: %w", ledgerID, err))
		}
		e, err := ledger.DecodeEntry(entry)
		if err != nil {
			return fmt.Errorf("ledger %s entry %d is damaged (run setsafe verify): %w", ledgerID, seq, err)
		}
		e.Seq = seq
		if err := each(e); err != nil {
			return err
		}
	}
	return db.classify(rows.Err())
}

// LastEntryOf returns the last entry of a type at or before seq, and
// false when there is none.
func (db *DB) LastEntryOf(ctx context.Context, ledgerID, eventType string, seq int64) (setsafe.Event, bool, error) {
	var at int64
	var entry []byte
	err := db.queryRow(ctx, "SELECT seq, entry FROM ledger WHERE ledger_id = ? AND type = ? AND seq <= ? ORDER BY seq DESC LIMIT 1", ledgerID, eventType, seq).Scan(&at, &entry)
	if errors.Is(err, sql.ErrNoRows) {
		return setsafe.Event{}, false, nil
	}
	if err != nil {
		return setsafe.Event{}, false, db.classify(fmt.Errorf("read ledger %s: %w", ledgerID, err))
	}
	e, err := ledger.DecodeEntry(entry)
	if err != nil {
		return setsafe.Event{}, false, fmt.Errorf("ledger %s entry %d is damaged (run setsafe verify): %w", ledgerID, at, err)
	}
	e.Seq = at
	return e, true, nil
}

// WitnessedCheckpoint returns the checkpoint of the largest size that
// covers entry seq and that a witness cosigned, or else the largest that
// covers it; an ENotFound error when none covers it yet.
func (db *DB) WitnessedCheckpoint(ctx context.Context, ledgerID string, seq int64) (attestation.Checkpoint, error) {
	cp, err := db.checkpoint(ctx, ledgerID, "ledger_id = ? AND size >= ? AND EXISTS (SELECT 1 FROM cosignatures w WHERE w.ledger_id = checkpoints.ledger_id AND w.size = checkpoints.size) ORDER BY size DESC LIMIT 1", ledgerID, seq)
	if setsafe.ErrorCode(err) == setsafe.ENotFound {
		cp, err = db.checkpoint(ctx, ledgerID, "ledger_id = ? AND size >= ? ORDER BY size DESC LIMIT 1", ledgerID, seq)
	}
	if setsafe.ErrorCode(err) == setsafe.ENotFound {
		return attestation.Checkpoint{}, setsafe.Errorf(setsafe.ENotFound, "No checkpoint of %s covers entry %d yet: setsafe signs one soon after every write. Try again in a minute.", ledgerID, seq)
	}
	if err != nil {
		return attestation.Checkpoint{}, err
	}
	return db.withWitnesses(ctx, cp)
}

// CheckpointOf returns the ledger's checkpoint of exactly size, with the
// witnesses that cosigned it.
func (db *DB) CheckpointOf(ctx context.Context, ledgerID string, size int64) (attestation.Checkpoint, error) {
	cp, err := db.CheckpointAt(ctx, ledgerID, size)
	if err != nil {
		return attestation.Checkpoint{}, err
	}
	return db.withWitnesses(ctx, cp)
}

// withWitnesses returns a checkpoint with the names of the witnesses that
// cosigned it.
func (db *DB) withWitnesses(ctx context.Context, cp ledger.Checkpoint) (attestation.Checkpoint, error) {
	out := attestation.Checkpoint{Size: int64(cp.Size), Root: cp.Root, SignedAt: cp.SignedAt, Witnesses: []string{}}
	rows, err := db.query(ctx, "SELECT DISTINCT witness FROM cosignatures WHERE ledger_id = ? AND size = ? ORDER BY witness", cp.Ledger, int64(cp.Size))
	if err != nil {
		return out, db.classify(fmt.Errorf("read cosignatures: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return out, db.classify(fmt.Errorf("read cosignatures: %w", err))
		}
		out.Witnesses = append(out.Witnesses, w)
	}
	return out, db.classify(rows.Err())
}

// CheckpointOrigin returns the origin line of a ledger's checkpoints,
// named after the site's signing key.
func (db *DB) CheckpointOrigin(ledgerID string) (string, error) {
	if db.cfg.Signer == nil {
		return "", noKey()
	}
	return ledger.Origin(db.cfg.Signer.Name(), ledgerID), nil
}

// SignNote signs a text as a C2SP signed note with the site's key.
func (db *DB) SignNote(text string) ([]byte, error) {
	if db.cfg.Signer == nil {
		return nil, noKey()
	}
	if text == "" || !strings.HasSuffix(text, "\n") {
		return nil, setsafe.Errorf(setsafe.EInvalid, "A note's text must end in a newline.")
	}
	return db.cfg.Signer.SignNote(text)
}

func noKey() error {
	return setsafe.Errorf(setsafe.EUnavailable, "This server has no signing key, so it cannot sign statements: give it the key it signs checkpoints with (--key).")
}

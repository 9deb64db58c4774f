package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/witness"
)

// A ledger's checkpoints are read a part at a time, the largest first,
// each with the witnesses' cosignatures kept beside it.
var checkpointOrder = listOrder{name: "checkpoints", columns: []orderColumn{{name: "size", desc: true, whole: true}}}

var _ witness.Store = (*DB)(nil)

// CheckpointsAfter returns up to limit checkpoints of a ledger after the
// one cursor points at ("" for the first), the largest first, each with
// its cosignatures, and the cursor of the next part, or "" after the
// last. cosignedOnly keeps those some witness cosigned.
func (db *DB) CheckpointsAfter(ctx context.Context, ledgerID, cursor string, limit int, cosignedOnly bool) ([]witness.Checkpoint, string, error) {
	after, afterArgs, err := checkpointOrder.after(cursor)
	if err != nil {
		return nil, "", err
	}
	limit = max(limit, 1)
	where := "ledger_id = ?"
	if cosignedOnly {
		where += " AND EXISTS (SELECT 1 FROM cosignatures k WHERE k.ledger_id = checkpoints.ledger_id AND k.size = checkpoints.size)"
	}
	rows, err := db.read.QueryContext(ctx, db.rebind("SELECT size, note, signed_us FROM checkpoints WHERE "+where+" AND "+after+checkpointOrder.orderBy()+" LIMIT ?"),
		append(append([]any{ledgerID}, afterArgs...), limit+1)...)
	if err != nil {
		return nil, "", db.classify(fmt.Errorf("read checkpoints: %w", err))
	}
	defer rows.Close()
	var out []witness.Checkpoint
	for rows.Next() {
		var size, signed int64
		var note []byte
		if err := rows.Scan(&size, &note, &signed); err != nil {
			return nil, "", db.classify(fmt.Errorf("read checkpoints: %w", err))
		}
		read, err := ledger.ReadCheckpoint(ledgerID, note)
		if err != nil || read.Size != uint64(size) {
			return nil, "", setsafe.Errorf(setsafe.EInternal, "The checkpoint of %s at size %d cannot be read (%v): it was changed outside setsafe; run setsafe verify.", ledgerID, size, err)
		}
		at := read.SignedAt
		if at.IsZero() {
			at = time.UnixMicro(signed).UTC()
		}
		out = append(out, witness.Checkpoint{Size: read.Size, Root: read.Root, SignedAt: at, Note: note})
	}
	if err := rows.Err(); err != nil {
		return nil, "", db.classify(fmt.Errorf("read checkpoints: %w", err))
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = checkpointOrder.cursor(int64(out[limit-1].Size))
	}
	sizes := make([]uint64, len(out))
	for i, c := range out {
		sizes[i] = c.Size
	}
	cos, err := db.Cosignatures(ctx, ledgerID, sizes...)
	if err != nil {
		return nil, "", err
	}
	for i := range out {
		out[i].Cosignatures = cos[out[i].Size]
	}
	return out, next, nil
}

// Cosignatures returns the cosignatures of a ledger's checkpoints of the
// sizes given, by size, each size's earliest first; a size nobody
// cosigned is left out.
func (db *DB) Cosignatures(ctx context.Context, ledgerID string, sizes ...uint64) (map[uint64][]witness.Cosignature, error) {
	out := map[uint64][]witness.Cosignature{}
	whole := make([]int64, 0, len(sizes))
	for _, s := range sizes {
		if s <= 1<<62 {
			whole = append(whole, int64(s))
		}
	}
	err := inChunks(whole, func(chunk []int64) error {
		args := []any{ledgerID}
		for _, s := range chunk {
			args = append(args, s)
		}
		rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT size, witness, key_hash, line, cosigned_us FROM cosignatures
			WHERE ledger_id = ? AND size IN (`+placeholders(len(chunk))+`) ORDER BY size, cosigned_us, witness, key_hash`), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var size, at int64
			var c witness.Cosignature
			if err := rows.Scan(&size, &c.Witness, &c.KeyHash, &c.Line, &at); err != nil {
				return err
			}
			c.At = time.UnixMicro(at).UTC()
			out[uint64(size)] = append(out[uint64(size)], c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.classify(fmt.Errorf("read cosignatures: %w", err))
	}
	return out, nil
}

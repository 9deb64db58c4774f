package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// signDirty signs a checkpoint of every ledger written since the last
// checkpoint. It runs in the writer goroutine.
func (w *writer) signDirty() {
	signer := w.db.cfg.Signer
	if signer == nil || len(w.dirty) == 0 {
		clear(w.dirty)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	var heads []treeHead
	for id := range w.dirty {
		c := w.states[id]
		if c == nil {
			// A failed transaction dropped the state: sign what the database
			// holds, once it is trusted.
			head, err := w.db.head(ctx, w.db.on(w.db.write), id)
			if err == nil && head.size > 0 {
				err = w.db.signAt(ctx, id, head.size)
			}
			if err != nil {
				w.db.log.Error("sign checkpoint", "ledger", id, "err", err)
				return
			}
			continue
		}
		heads = append(heads, treeHead{ledger: id, size: c.tree.Size(), root: c.tree.Root()})
	}
	if err := w.db.signCheckpoints(ctx, heads); err != nil {
		w.db.log.Error("sign and store checkpoints; will retry after the next write", "err", err)
		return
	}
	clear(w.dirty)
	w.lastSigned = time.Now()
}

// treeHead is where a ledger's tree stands: what a checkpoint signs.
type treeHead struct {
	ledger string
	size   uint64
	root   []byte
}

// signCheckpoints signs a checkpoint of each tree head and stores them in
// one transaction, then keeps them beside the signing key. Each is signed
// at the clock's time, but never before the last entry it covers. Where
// another server stored a checkpoint of the same size first, theirs stands
// and is the one kept.
func (db *DB) signCheckpoints(ctx context.Context, heads []treeHead) error {
	if len(heads) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(err)
	}
	defer tx.Rollback()
	now := db.cfg.Clock.Now()
	cps := make([]ledger.Checkpoint, 0, len(heads))
	for _, h := range heads {
		at, err := db.signingTime(ctx, tx, h, now)
		if err != nil {
			return err
		}
		cp, err := db.cfg.Signer.Sign(h.ledger, h.size, h.root, at)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.rebind(`INSERT INTO checkpoints (ledger_id, size, root, note, signed_us) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (ledger_id, size) DO NOTHING`), cp.Ledger, int64(cp.Size), cp.Root, cp.Note, cp.SignedAt.UnixMicro())
		if err == nil {
			err = tx.QueryRowContext(ctx, db.rebind("SELECT note FROM checkpoints WHERE ledger_id = ? AND size = ?"), cp.Ledger, int64(cp.Size)).Scan(&cp.Note)
		}
		if err != nil {
			return db.classify(fmt.Errorf("store checkpoint of %s: %w", cp.Ledger, err))
		}
		cps = append(cps, cp)
	}
	if err := tx.Commit(); err != nil {
		return db.classify(err)
	}
	if db.cfg.Kept != nil {
		if err := db.cfg.Kept.Keep(db.cfg.Signer.Verifier(), cps...); err != nil {
			db.log.Error("keep checkpoints outside the database", "err", err)
		}
	}
	return nil
}

// signingTime is the time a checkpoint of a tree head is signed at: now,
// or the time of the last entry it covers if that is later (the clock of
// another server, or this one's set back), as verification checks. After
// an entry of the anonymous actor, only to the minute, as the entry's own
// time: a checkpoint signed a second after an anonymous report would
// otherwise say when it was made.
func (db *DB) signingTime(ctx context.Context, tx *sql.Tx, h treeHead, now time.Time) (time.Time, error) {
	at := setsafe.LedgerTime(now)
	if h.size == 0 {
		return at, nil
	}
	var us int64
	var actor string
	err := tx.QueryRowContext(ctx, db.rebind("SELECT time_us, actor FROM ledger WHERE ledger_id = ? AND seq = ?"), h.ledger, int64(h.size)).Scan(&us, &actor)
	if err != nil {
		return time.Time{}, db.classify(fmt.Errorf("read entry %d of %s: %w", h.size, h.ledger, err))
	}
	last := time.UnixMicro(us).UTC()
	if actor == setsafe.Anonymous.String() {
		return setsafe.AnonymousTime(now, last), nil
	}
	if at.Before(last) {
		at = last
	}
	return at, nil
}

// SignCheckpoint signs a checkpoint of a ledger at its current size, unless
// one exists already, and returns the latest checkpoint.
func (db *DB) SignCheckpoint(ctx context.Context, ledgerID string) (ledger.Checkpoint, error) {
	if db.cfg.Signer == nil {
		return ledger.Checkpoint{}, setsafe.Errorf(setsafe.EUnavailable, "This server has no signing key, so it cannot sign checkpoints.")
	}
	err := db.w.inWriter(ctx, func() error {
		head, err := db.head(ctx, db.on(db.write), ledgerID)
		if err != nil {
			return err
		}
		if head.size == 0 {
			return setsafe.Errorf(setsafe.ENotFound, "Ledger %s has no entries.", ledgerID)
		}
		if err := db.signAt(ctx, ledgerID, head.size); err != nil {
			return err
		}
		// The ledger is signed as it stands: nothing waits for the next
		// burst's checkpoint.
		if c := db.w.states[ledgerID]; c != nil && int64(c.tree.Size()) == head.size {
			delete(db.w.dirty, ledgerID)
		}
		return nil
	})
	if err != nil {
		return ledger.Checkpoint{}, db.classify(err)
	}
	return db.LatestCheckpoint(ctx, ledgerID)
}

// SignUncovered signs a checkpoint of every ledger that has entries no
// checkpoint covers, and returns how many it signed.
func (db *DB) SignUncovered(ctx context.Context) (int, error) {
	if db.cfg.Signer == nil {
		return 0, nil
	}
	n := 0
	err := db.w.inWriter(ctx, func() error {
		ids, err := db.ledgerIDs(ctx, db.write)
		if err != nil {
			return err
		}
		for _, id := range ids {
			head, err := db.head(ctx, db.on(db.write), id)
			if err != nil {
				return err
			}
			var covered int64
			err = db.write.QueryRowContext(ctx, db.rebind("SELECT COALESCE(MAX(size), 0) FROM checkpoints WHERE ledger_id = ?"), id).Scan(&covered)
			if err != nil {
				return err
			}
			if head.size > covered {
				if err := db.signAt(ctx, id, head.size); err != nil {
					if setsafe.ErrorCode(err) != setsafe.EConflict {
						return err
					}
					// A rewritten ledger is left unsigned and reported; the
					// others still get their checkpoints.
					db.log.Error("not signing a ledger that no longer matches its checkpoints", "ledger", id, "err", err)
					continue
				}
				n++
			}
		}
		return nil
	})
	return n, db.classify(err)
}

// signAt signs a checkpoint of a ledger at a size, with the tree rebuilt
// from what can be trusted (see trustedTree).
func (db *DB) signAt(ctx context.Context, id string, size int64) error {
	tree, err := db.trustedTree(ctx, db.on(db.write), id, size)
	if err != nil {
		return err
	}
	return db.signCheckpoints(ctx, []treeHead{{ledger: id, size: tree.Size(), root: tree.Root()}})
}

const lastEntryQuery = "SELECT seq, time_us FROM ledger WHERE ledger_id = ? ORDER BY seq DESC LIMIT 1"

// head returns where a ledger ends; a ledger without entries has size 0.
func (db *DB) head(ctx context.Context, run reader, id string) (headRow, error) {
	rows, err := run(ctx, lastEntryQuery, id)
	if err != nil {
		return headRow{}, db.classify(fmt.Errorf("read the end of ledger %s: %w", id, err))
	}
	defer rows.Close()
	var h headRow
	if rows.Next() {
		err = rows.Scan(&h.size, &h.lastTime)
	}
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return headRow{}, db.classify(fmt.Errorf("read the end of ledger %s: %w", id, err))
	}
	return h, nil
}

// heads returns where each of several ledgers ends, in one query: the
// writer reads them on every write on PostgreSQL, where it cannot tell
// whether another server wrote.
func (db *DB) heads(ctx context.Context, run reader, ids []string) ([]headRow, error) {
	if len(ids) == 1 {
		h, err := db.head(ctx, run, ids[0])
		return []headRow{h}, err
	}
	parts := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("SELECT * FROM (%s) h%d", strings.Replace(lastEntryQuery, "SELECT seq", "SELECT ledger_id, seq", 1), i)
		args[i] = id
	}
	rows, err := run(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read where ledgers end: %w", err))
	}
	defer rows.Close()
	found := map[string]headRow{}
	for rows.Next() {
		var id string
		var h headRow
		if err := rows.Scan(&id, &h.size, &h.lastTime); err != nil {
			return nil, db.classify(fmt.Errorf("read where ledgers end: %w", err))
		}
		found[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, db.classify(fmt.Errorf("read where ledgers end: %w", err))
	}
	out := make([]headRow, len(ids))
	for i, id := range ids {
		out[i] = found[id] // a ledger without entries has size 0
	}
	return out, nil
}

// LatestCheckpoint returns the ledger's checkpoint of the largest size.
func (db *DB) LatestCheckpoint(ctx context.Context, ledgerID string) (ledger.Checkpoint, error) {
	return db.checkpoint(ctx, ledgerID, "ledger_id = ? ORDER BY size DESC LIMIT 1", ledgerID)
}

// CheckpointAt returns the ledger's checkpoint of exactly the given size.
func (db *DB) CheckpointAt(ctx context.Context, ledgerID string, size int64) (ledger.Checkpoint, error) {
	return db.checkpoint(ctx, ledgerID, "ledger_id = ? AND size = ?", ledgerID, size)
}

func (db *DB) checkpoint(ctx context.Context, ledgerID, where string, args ...any) (ledger.Checkpoint, error) {
	cp := ledger.Checkpoint{Ledger: ledgerID}
	var size int64
	err := db.queryRow(ctx, "SELECT size, root, note FROM checkpoints WHERE "+where, args...).Scan(&size, &cp.Root, &cp.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return cp, setsafe.Errorf(setsafe.ENotFound, "No checkpoint of %s has been signed at that size yet.", ledgerID)
	}
	if err != nil {
		return cp, db.classify(fmt.Errorf("read checkpoint: %w", err))
	}
	cp.Size = uint64(size)
	return cp, nil
}

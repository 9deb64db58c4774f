package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
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
		if c != nil {
			heads = append(heads, treeHead{ledger: id, size: c.tree.Size(), root: c.tree.Root()})
			continue
		}
		// A failed transaction, or a checkpoint that did not match, dropped
		// the state: sign what the database holds, once it is trusted.
		head, err := w.db.head(ctx, w.db.on(w.db.write), id)
		if err == nil && head.size > 0 {
			err = w.db.signAt(ctx, id, head.size)
		}
		switch {
		case err == nil:
			delete(w.dirty, id)
		case setsafe.ErrorCode(err) == setsafe.EConflict:
			// A ledger that no longer matches what was signed stays
			// unsigned, and refused, until someone looks at it.
			w.db.log.Error("not signing a ledger that no longer matches its checkpoints", "ledger", id, "err", err)
			delete(w.dirty, id)
		default:
			w.db.log.Error("sign checkpoint; will retry after the next write", "ledger", id, "err", err)
		}
	}
	forked, err := w.db.signCheckpoints(ctx, heads)
	for _, id := range forked {
		// This writer's copy of the ledger is not what the database signed:
		// it reads the ledger again, under the ledger's lock, before it
		// writes to it or signs it.
		delete(w.states, id)
	}
	if err != nil && len(forked) == 0 {
		w.db.log.Error("sign and store checkpoints; will retry after the next write", "err", err)
		return
	}
	for _, h := range heads {
		if !slices.Contains(forked, h.ledger) {
			delete(w.dirty, h.ledger)
		}
	}
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
// and is the one kept, if it signs the same root. If it signs another, the
// two servers disagree on what the ledger holds: that ledger is left out,
// said loudly in the log, and returned in forked, with an EConflict error,
// once the others are stored.
func (db *DB) signCheckpoints(ctx context.Context, heads []treeHead) (forked []string, err error) {
	if len(heads) == 0 {
		return nil, nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.classify(err)
	}
	defer tx.Rollback()
	now := db.cfg.Clock.Now()
	verifier := db.cfg.Signer.Verifier()
	cps := make([]ledger.Checkpoint, 0, len(heads))
	for _, h := range heads {
		at, err := db.signingTime(ctx, tx, h, now)
		if err != nil {
			return nil, err
		}
		cp, err := db.cfg.Signer.Sign(h.ledger, h.size, h.root, at)
		if err != nil {
			return nil, err
		}
		var stored []byte
		_, err = tx.ExecContext(ctx, db.rebind(`INSERT INTO checkpoints (ledger_id, size, root, note, signed_us) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (ledger_id, size) DO NOTHING`), cp.Ledger, int64(cp.Size), cp.Root, cp.Note, cp.SignedAt.UnixMicro())
		if err == nil {
			err = tx.QueryRowContext(ctx, db.rebind("SELECT note FROM checkpoints WHERE ledger_id = ? AND size = ?"), cp.Ledger, int64(cp.Size)).Scan(&stored)
		}
		if err != nil {
			return nil, db.classify(fmt.Errorf("store checkpoint of %s: %w", cp.Ledger, err))
		}
		if !bytes.Equal(stored, cp.Note) {
			theirs, err := verifier.OpenCheckpoint(h.ledger, stored)
			if err != nil || theirs.Size != h.size || !bytes.Equal(theirs.Root, h.root) {
				db.log.Error("ledger forked: the checkpoint another server stored at this size does not sign this server's tree; "+
					"this server reads the ledger again before writing to it, and setsafe verify says which is right",
					"ledger", h.ledger, "size", h.size, "root", base64.StdEncoding.EncodeToString(h.root),
					"stored_root", base64.StdEncoding.EncodeToString(theirs.Root), "stored_note_error", err)
				forked = append(forked, h.ledger)
				continue
			}
			cp = theirs
		}
		cps = append(cps, cp)
	}
	if err := tx.Commit(); err != nil {
		return nil, db.classify(err)
	}
	if db.cfg.Kept != nil {
		if err := db.cfg.Kept.Keep(verifier, cps...); err != nil {
			db.log.Error("keep checkpoints outside the database", "err", err)
		}
	}
	db.signed.add(cps)
	if len(forked) > 0 {
		return forked, setsafe.Errorf(setsafe.EConflict,
			"The checkpoint another server stored for %s does not sign the entries this server holds: the two disagree on what the ledger holds. "+
				"This server reads the ledger again before writing to it; run setsafe verify.", strings.Join(forked, ", "))
	}
	return nil, nil
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
	_, err = db.signCheckpoints(ctx, []treeHead{{ledger: id, size: tree.Size(), root: tree.Root()}})
	return err
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

// heads returns where each of several ledgers ends, in a few queries:
// the writer reads them on every write on PostgreSQL, where it cannot tell
// whether another server wrote.
func (db *DB) heads(ctx context.Context, run reader, ids []string) ([]headRow, error) {
	found := map[string]headRow{}
	err := inChunks(ids, func(chunk []string) error {
		if len(chunk) == 1 {
			h, err := db.head(ctx, run, chunk[0])
			found[chunk[0]] = h
			return err
		}
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := run(ctx, headsQuery(len(chunk)), args...)
		if err != nil {
			return db.classify(fmt.Errorf("read where ledgers end: %w", err))
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var h headRow
			if err := rows.Scan(&id, &h.size, &h.lastTime); err != nil {
				return db.classify(fmt.Errorf("read where ledgers end: %w", err))
			}
			found[id] = h
		}
		if err := rows.Err(); err != nil {
			return db.classify(fmt.Errorf("read where ledgers end: %w", err))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]headRow, len(ids))
	for i, id := range ids {
		out[i] = found[id] // a ledger without entries has size 0
	}
	return out, nil
}

// headsQuery returns the query of where n ledgers end: one term per
// ledger, as each reads the last entry by the primary key.
func headsQuery(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("SELECT * FROM (%s) h%d", strings.Replace(lastEntryQuery, "SELECT seq", "SELECT ledger_id, seq", 1), i)
	}
	return strings.Join(parts, " UNION ALL ")
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
	read, err := ledger.ReadCheckpoint(ledgerID, cp.Note)
	if err != nil || read.Size != uint64(size) {
		return cp, setsafe.Errorf(setsafe.EInternal, "The checkpoint of %s at size %d cannot be read (%v): it was changed outside setsafe; run setsafe verify.", ledgerID, size, err)
	}
	cp.Size, cp.Root, cp.SignedAt = read.Size, read.Root, read.SignedAt
	return cp, nil
}

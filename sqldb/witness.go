package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// This file holds what the witnesses' submitter needs from storage: which
// ledgers got a new checkpoint, told without ever making the writer wait,
// and the witnesses' cosignatures of checkpoints (table cosignatures,
// append-only evidence).

// signedLedgers collects the ledgers signed since the submitter last
// looked, and wakes it.
type signedLedgers struct {
	mu   sync.Mutex
	ids  map[string]bool
	wake chan struct{}
}

// add notes newly signed checkpoints; it never blocks.
func (s *signedLedgers) add(cps []ledger.Checkpoint) {
	if len(cps) == 0 {
		return
	}
	s.mu.Lock()
	if s.ids == nil {
		s.ids = map[string]bool{}
	}
	for _, cp := range cps {
		s.ids[cp.Ledger] = true
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// CheckpointsSigned receives a value when checkpoints were signed since
// [DB.SignedLedgers] was last called.
func (db *DB) CheckpointsSigned() <-chan struct{} { return db.signed.wake }

// SignedLedgers returns the ledgers signed since it was last called.
func (db *DB) SignedLedgers() []string {
	db.signed.mu.Lock()
	defer db.signed.mu.Unlock()
	ids := make([]string, 0, len(db.signed.ids))
	for id := range db.signed.ids {
		ids = append(ids, id)
	}
	clear(db.signed.ids)
	return ids
}

// LastCosigned returns the size of a ledger's largest checkpoint a witness's
// key cosigned, or 0.
func (db *DB) LastCosigned(ctx context.Context, ledgerID, witness, keyHash string) (uint64, error) {
	var n int64
	err := db.queryRow(ctx, "SELECT COALESCE(MAX(size), 0) FROM cosignatures WHERE ledger_id = ? AND witness = ? AND key_hash = ?", ledgerID, witness, keyHash).Scan(&n)
	if err != nil {
		return 0, db.classify(fmt.Errorf("read what witness %s cosigned of %s: %w", witness, ledgerID, err))
	}
	return uint64(n), nil
}

// StoreCosignatures keeps witnesses' cosignatures of a ledger's
// checkpoints. A cosignature kept already stays as it was.
func (db *DB) StoreCosignatures(ctx context.Context, cs ...ledger.Cosignature) error {
	if len(cs) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(fmt.Errorf("store cosignatures: %w", err))
	}
	defer tx.Rollback()
	for _, c := range cs {
		_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO cosignatures (ledger_id, size, witness, key_hash, line, cosigned_us) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (ledger_id, size, witness, key_hash) DO NOTHING`), c.Ledger, int64(c.Size), c.Witness, c.KeyHash, c.Line, c.At.UnixMicro())
		if err != nil {
			return db.classify(fmt.Errorf("store the cosignature of %s at size %d by %s: %w", c.Ledger, c.Size, c.Witness, err))
		}
	}
	return db.classify(tx.Commit())
}

// KeepCosigned keeps a checkpoint with its witnesses' cosignatures beside
// the signing key, in place of the same checkpoint without them, so that
// the copy outside the database carries them too.
func (db *DB) KeepCosigned(cp ledger.Checkpoint) error {
	if db.cfg.Kept == nil || db.cfg.Signer == nil {
		return nil
	}
	if err := db.cfg.Kept.Keep(db.cfg.Signer.Verifier(), cp); err != nil {
		return setsafe.Errorf(setsafe.EInternal, "Keeping the cosigned checkpoint of %s beside the key failed: %v", cp.Ledger, err)
	}
	return nil
}

// checkWitnesses reads a ledger's checkpoints and cosignatures in the
// verification's snapshot and checks them against the witnesses given.
func (db *DB) checkWitnesses(ctx context.Context, tx *sql.Tx, c *ledger.Check, id string, w ledger.WitnessCheck, kept []byte) error {
	checkpoints := map[uint64][]byte{}
	rows, err := tx.QueryContext(ctx, db.rebind("SELECT size, note FROM checkpoints WHERE ledger_id = ?"), id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n int64
		var signed []byte
		if err := rows.Scan(&n, &signed); err != nil {
			rows.Close()
			return err
		}
		checkpoints[uint64(n)] = signed
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var cs []ledger.Cosignature
	rows, err = tx.QueryContext(ctx, db.rebind("SELECT size, witness, key_hash, line, cosigned_us FROM cosignatures WHERE ledger_id = ? ORDER BY size"), id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		co := ledger.Cosignature{Ledger: id}
		var n, us int64
		if err := rows.Scan(&n, &co.Witness, &co.KeyHash, &co.Line, &us); err != nil {
			return err
		}
		co.Size, co.At = uint64(n), time.UnixMicro(us).UTC()
		cs = append(cs, co)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	c.Witnesses(w, checkpoints, cs, kept)
	return nil
}

// LedgersWith returns the ledgers that have rows in a table of current
// state, such as the productions with witnesses configured.
func (db *DB) LedgersWith(ctx context.Context, table string) ([]string, error) {
	_, byName := projectionTables()
	if byName[table] == nil {
		return nil, setsafe.Errorf(setsafe.EInvalid, "There is no table %q of current state.", table)
	}
	rows, err := db.query(ctx, "SELECT DISTINCT ledger_id FROM "+table+" ORDER BY ledger_id")
	if err != nil {
		return nil, db.classify(fmt.Errorf("read the ledgers with %s: %w", table, err))
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, db.classify(fmt.Errorf("read the ledgers with %s: %w", table, err))
		}
		ids = append(ids, id)
	}
	return ids, db.classify(rows.Err())
}

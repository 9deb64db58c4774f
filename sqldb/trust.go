package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// CheckpointKeeper keeps the latest checkpoints the server signed outside
// the database (see [ledger.CheckpointFile]).
type CheckpointKeeper interface {
	Latest(ledger string) ([]byte, bool)
	Keep(v *ledger.Verifier, cps ...ledger.Checkpoint) error
	Ledgers() []string
}

// anchor returns the latest checkpoint of a ledger that this server's key
// signed and that can be trusted: the larger of the one kept outside the
// database and the largest valid one in it.
func (db *DB) anchor(ctx context.Context, run reader, id string) (size uint64, root []byte, ok bool, err error) {
	if db.cfg.Signer == nil {
		return 0, nil, false, nil
	}
	v := db.cfg.Signer.Verifier()
	if db.cfg.Kept != nil {
		if note, found := db.cfg.Kept.Latest(id); found {
			if s, r, err := v.Open(id, note); err == nil {
				size, root, ok = s, r, true
			}
		}
	}
	rows, err := run(ctx, "SELECT note FROM checkpoints WHERE ledger_id = ? ORDER BY size DESC LIMIT 1", id)
	if err != nil {
		return 0, nil, false, fmt.Errorf("read checkpoints of %s: %w", id, err)
	}
	defer rows.Close()
	if rows.Next() {
		var note []byte
		if err := rows.Scan(&note); err != nil {
			return 0, nil, false, err
		}
		if s, r, err := v.Open(id, note); err == nil && (!ok || s > size) {
			size, root, ok = s, r, true
		}
	}
	return size, root, ok, rows.Err()
}

// trustedTree rebuilds a ledger's tree at a size from what can be trusted:
// up to the latest signed checkpoint, the tree nodes the entries store,
// checked against that checkpoint's root; beyond it, the entries' own bytes.
// It refuses a ledger whose history no longer matches what was signed, so
// that the server never appends to, or signs, a rewritten ledger.
func (db *DB) trustedTree(ctx context.Context, run reader, id string, size int64) (*ledger.Tree, error) {
	anchorSize, root, ok, err := db.anchor(ctx, run, id)
	if err != nil {
		return nil, err
	}
	tree := ledger.NewTree()
	if ok {
		if int64(anchorSize) > size {
			return nil, tamperedError(id, fmt.Sprintf("it has %d entries but a checkpoint was signed at %d", size, anchorSize))
		}
		if tree, err = ledger.RestoreTreeFrom(anchorSize, db.nodeRows(ctx, run, id)); err != nil {
			return nil, tamperedError(id, err.Error())
		}
		if !bytes.Equal(tree.Root(), root) {
			return nil, tamperedError(id, fmt.Sprintf("its entries do not hash to the root signed at size %d", anchorSize))
		}
	}
	if int64(tree.Size()) == size {
		return tree, nil
	}
	rows, err := run(ctx, "SELECT seq, entry FROM ledger WHERE ledger_id = ? AND seq > ? AND seq <= ? ORDER BY seq", id, int64(tree.Size()), size)
	if err != nil {
		return nil, fmt.Errorf("read entries of %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var entry []byte
		if err := rows.Scan(&seq, &entry); err != nil {
			return nil, err
		}
		if seq != int64(tree.Size())+1 {
			return nil, tamperedError(id, fmt.Sprintf("entry %d is missing", tree.Size()+1))
		}
		tree.Append(ledger.LeafHash(entry))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if int64(tree.Size()) != size {
		return nil, tamperedError(id, fmt.Sprintf("entries %d to %d are missing", tree.Size()+1, size))
	}
	return tree, nil
}

func tamperedError(id, what string) error {
	return &setsafe.Error{Code: setsafe.EConflict, Message: fmt.Sprintf(
		"Ledger %s no longer matches what this server signed (%s): it was changed outside setsafe. Nothing more is written to it or signed; run setsafe verify.", id, what)}
}

// checkKey refuses a signing key that did not sign the database's latest
// checkpoint: signing with another key would leave checkpoints that can
// never verify, and stop the right key signing at the same sizes.
func (db *DB) checkKey(ctx context.Context) error {
	if db.cfg.Signer == nil {
		return nil
	}
	var id string
	var note []byte
	err := db.read.QueryRowContext(ctx, "SELECT ledger_id, note FROM checkpoints ORDER BY signed_us DESC LIMIT 1").Scan(&id, &note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return db.classify(fmt.Errorf("read the latest checkpoint: %w", err))
	}
	if _, _, err := db.cfg.Signer.Verifier().Open(id, note); err != nil {
		return &setsafe.Error{Code: setsafe.EConflict, Message: fmt.Sprintf(
			"The signing key %s did not sign this database's checkpoints. Use the key its server uses (--key FILE).", db.cfg.Signer.Name())}
	}
	return nil
}

package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The projection tables are a replay of the ledger. An upgrade that adds
// a table or a column the old entries fill (a subdomain that folds them,
// say) leaves those rows missing or blank in a database written by an
// older build. So the database keeps the fingerprint of the projections
// it was last built for, and a writer that finds another one at start
// rebuilds every ledger's projections from its entries before it
// appends anything, and records its own.

// projectionsFingerprint names every projection table and column this
// build keeps.
func projectionsFingerprint() string {
	list, _ := projectionTables()
	var b strings.Builder
	for _, t := range list {
		b.WriteString(t.name)
		for _, c := range t.cols {
			b.WriteString(" " + c.name)
		}
		b.WriteString("\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// rebuildIfChanged rebuilds every ledger's projections when they were
// built for other tables than this build's.
func (db *DB) rebuildIfChanged(ctx context.Context) error {
	want := projectionsFingerprint()
	var have string
	err := db.write.QueryRowContext(ctx, "SELECT fingerprint FROM projections_built WHERE id = 1").Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return db.classify(fmt.Errorf("read the projections' fingerprint: %w", err))
	}
	if have == want {
		return nil
	}
	ids, err := db.ledgerIDs(ctx, db.write)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		db.log.Info("the tables of current state changed since this database was written; rebuilding them from the ledgers", "ledgers", len(ids))
	}
	for _, id := range ids {
		if err := db.Rebuild(ctx, id); err != nil {
			return fmt.Errorf("rebuild %s after an upgrade: %w", id, err)
		}
	}
	if _, err := db.write.ExecContext(ctx, db.rebind("DELETE FROM projections_built")); err != nil {
		return db.classify(fmt.Errorf("record the projections' fingerprint: %w", err))
	}
	_, err = db.write.ExecContext(ctx, db.rebind("INSERT INTO projections_built (id, fingerprint, built_us) VALUES (1, ?, ?)"), want, time.Now().UnixMicro())
	return db.classify(err)
}

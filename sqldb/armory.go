package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/setsafe/setsafe"
)

// Firearms returns a production's firearms, ordered by make, model and
// serial number.
func (db *DB) Firearms(ctx context.Context, productionID string) ([]*setsafe.Firearm, error) {
	return find[*setsafe.Firearm](ctx, db, "ledger_id = ? ORDER BY make, model, serial, id", productionID)
}

// Firearm returns one firearm of a production.
func (db *DB) Firearm(ctx context.Context, productionID, id string) (*setsafe.Firearm, error) {
	return findOne[*setsafe.Firearm](ctx, db, setsafe.Errorf(setsafe.ENotFound, "There is no firearm %q in this production.", id),
		"ledger_id = ? AND id = ?", productionID, id)
}

// AmmoLots returns a production's ammunition lots, ordered by label.
func (db *DB) AmmoLots(ctx context.Context, productionID string) ([]*setsafe.AmmoLot, error) {
	return find[*setsafe.AmmoLot](ctx, db, "ledger_id = ? ORDER BY label, id", productionID)
}

// AmmoLot returns one ammunition lot of a production.
func (db *DB) AmmoLot(ctx context.Context, productionID, id string) (*setsafe.AmmoLot, error) {
	return findOne[*setsafe.AmmoLot](ctx, db, setsafe.Errorf(setsafe.ENotFound, "There is no ammunition lot %q in this production.", id),
		"ledger_id = ? AND id = ?", productionID, id)
}

// File returns an attached file of a production: its media type and bytes.
func (db *DB) File(ctx context.Context, productionID, sha string) (string, []byte, error) {
	var contentType string
	var data []byte
	err := db.queryRow(ctx, "SELECT content_type, data FROM files WHERE ledger_id = ? AND sha256 = ?", productionID, sha).Scan(&contentType, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, setsafe.Errorf(setsafe.ENotFound, "There is no file %q in this production.", sha)
	}
	if err != nil {
		return "", nil, db.classify(fmt.Errorf("read file: %w", err))
	}
	return contentType, data, nil
}

// Attachments returns the files attached to one firearm, training record
// or permit, oldest first.
func (db *DB) Attachments(ctx context.Context, productionID, subject, subjectID string) ([]*setsafe.Attachment, error) {
	return find[*setsafe.Attachment](ctx, db, "ledger_id = ? AND subject = ? AND subject_id = ? ORDER BY added_us, file", productionID, subject, subjectID)
}

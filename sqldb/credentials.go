package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/setsafe/setsafe"
)

// PIN attempts: after MaxPINFailures wrong PINs in a row, a person's PIN is
// locked for PINLockout.
const (
	MaxPINFailures = 5
	PINLockout     = 15 * time.Minute
)

// CredentialHash returns the stored hash of a credential, or an ENotFound
// error.
func (db *DB) CredentialHash(ctx context.Context, ledgerID string, kind setsafe.CredentialKind, subject string) (string, error) {
	var hash string
	err := db.queryRow(ctx, "SELECT hash FROM credentials WHERE ledger_id = ? AND kind = ? AND subject = ?",
		ledgerID, string(kind), subject).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", setsafe.Errorf(setsafe.ENotFound, "No %s is set.", kind)
	}
	if err != nil {
		return "", db.classify(fmt.Errorf("read credential: %w", err))
	}
	return hash, nil
}

// CheckPIN checks a person's PIN. match compares the PIN typed with the
// stored hash. A wrong PIN returns an EUnauthorized error that says how many
// attempts are left; too many lock the PIN for a while (ERateLimited).
func (db *DB) CheckPIN(ctx context.Context, productionID, personID string, match func(hash string) bool) error {
	now := db.cfg.Clock.Now()
	var failures int
	var lockedUntil int64
	err := db.queryRow(ctx, "SELECT failures, locked_until_us FROM pin_failures WHERE ledger_id = ? AND person_id = ?",
		productionID, personID).Scan(&failures, &lockedUntil)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return db.classify(fmt.Errorf("read PIN attempts: %w", err))
	}
	if until := time.UnixMicro(lockedUntil); lockedUntil > 0 && now.Before(until) {
		return setsafe.Errorf(setsafe.ERateLimited, "Too many wrong PINs. This PIN is locked until %s; ask the armorer or the 1st AD.", until.UTC().Format("15:04 MST"))
	}
	hash, err := db.CredentialHash(ctx, productionID, setsafe.CredentialPIN, personID)
	if setsafe.ErrorCode(err) == setsafe.ENotFound {
		return setsafe.Errorf(setsafe.EConflict, "This person has no PIN yet; set one first.")
	}
	if err != nil {
		return err
	}
	if match(hash) {
		if failures > 0 || lockedUntil > 0 {
			_, err := db.write.ExecContext(ctx, db.rebind("DELETE FROM pin_failures WHERE ledger_id = ? AND person_id = ?"), productionID, personID)
			return db.classify(err)
		}
		return nil
	}
	if lockedUntil > 0 {
		failures = 0 // the lockout has passed; count afresh
	}
	failures++
	var lock int64
	if failures >= MaxPINFailures {
		lock = now.Add(PINLockout).UnixMicro()
	}
	_, err = db.write.ExecContext(ctx, db.rebind(`INSERT INTO pin_failures (ledger_id, person_id, failures, locked_until_us) VALUES (?, ?, ?, ?)
		ON CONFLICT (ledger_id, person_id) DO UPDATE SET failures = excluded.failures, locked_until_us = excluded.locked_until_us`),
		productionID, personID, failures, lock)
	if err != nil {
		return db.classify(fmt.Errorf("count PIN attempt: %w", err))
	}
	if lock > 0 {
		return setsafe.Errorf(setsafe.ERateLimited, "Wrong PIN. That was the last attempt: this PIN is locked for %d minutes.", int(PINLockout.Minutes()))
	}
	left := MaxPINFailures - failures
	return setsafe.Errorf(setsafe.EUnauthorized, "Wrong PIN. %d %s left.", left, plural(left, "attempt", "attempts"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
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
// stored hash; its error (the hash could not be checked in time, say) is
// returned as it is and counts as no attempt. A wrong PIN returns an EUnauthorized error that says how many
// attempts are left; too many lock the PIN for a while (ERateLimited).
//
// A process checks one person's PIN at a time, so attempts made at once
// cannot slip past the limit together (several servers sharing a database
// can each let one through), and correct PINs typed on two tablets at once
// are not counted against each other. A right PIN writes nothing unless
// wrong attempts need forgetting.
func (db *DB) CheckPIN(ctx context.Context, productionID, personID string, match func(hash string) (bool, error)) error {
	h := fnv.New32a()
	h.Write([]byte(productionID + "/" + personID))
	mu := &db.pinChecks[h.Sum32()%uint32(len(db.pinChecks))]
	mu.Lock()
	defer mu.Unlock()
	now := db.cfg.Clock.Now()
	var hash string
	var failures, lockedUntil int64
	err := db.queryRow(ctx, `SELECT c.hash, COALESCE(f.failures, 0), COALESCE(f.locked_until_us, 0)
		FROM credentials c LEFT JOIN pin_failures f ON f.ledger_id = c.ledger_id AND f.person_id = c.subject
		WHERE c.ledger_id = ? AND c.kind = ? AND c.subject = ?`, productionID, string(setsafe.CredentialPIN), personID).
		Scan(&hash, &failures, &lockedUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return setsafe.Errorf(setsafe.EConflict, "This person has no PIN yet; set one first.")
	}
	if err != nil {
		return db.classify(fmt.Errorf("read PIN and attempts: %w", err))
	}
	if lockedUntil > now.UnixMicro() {
		return pinLocked(time.UnixMicro(lockedUntil))
	}
	if lockedUntil == 0 && failures >= MaxPINFailures {
		// Counted out, but the lock was never written: lock now.
		return db.lockPIN(ctx, productionID, personID, now)
	}
	right, err := match(hash)
	if err != nil {
		return err
	}
	if right {
		if failures == 0 && lockedUntil == 0 {
			return nil
		}
		_, err := db.write.ExecContext(ctx, db.rebind("DELETE FROM pin_failures WHERE ledger_id = ? AND person_id = ?"), productionID, personID)
		return db.classify(err)
	}
	err = db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO pin_failures (ledger_id, person_id, failures, locked_until_us) VALUES (?, ?, 1, 0)
		ON CONFLICT (ledger_id, person_id) DO UPDATE SET
			failures = CASE WHEN pin_failures.locked_until_us > 0 AND pin_failures.locked_until_us <= ? THEN 1 ELSE pin_failures.failures + 1 END,
			locked_until_us = CASE
				WHEN pin_failures.locked_until_us > ? THEN pin_failures.locked_until_us
				WHEN pin_failures.locked_until_us = 0 AND pin_failures.failures + 1 >= ? THEN ?
				ELSE 0 END
		RETURNING failures`), productionID, personID, now.UnixMicro(), now.UnixMicro(), MaxPINFailures, now.Add(PINLockout).UnixMicro()).Scan(&failures)
	if err != nil {
		return db.classify(fmt.Errorf("count PIN attempt: %w", err))
	}
	if left := MaxPINFailures - failures; left > 0 {
		return setsafe.Errorf(setsafe.EUnauthorized, "Wrong PIN. %d %s left.", left, plural(int(left), "attempt", "attempts"))
	}
	return setsafe.Errorf(setsafe.ERateLimited, "Wrong PIN. That was the last attempt: this PIN is locked for %d minutes.", int(PINLockout.Minutes()))
}

// lockPIN locks a person's PIN for PINLockout from now.
func (db *DB) lockPIN(ctx context.Context, productionID, personID string, now time.Time) error {
	until := now.Add(PINLockout)
	_, err := db.write.ExecContext(ctx, db.rebind("UPDATE pin_failures SET locked_until_us = ? WHERE ledger_id = ? AND person_id = ?"),
		until.UnixMicro(), productionID, personID)
	if err != nil {
		return db.classify(fmt.Errorf("lock PIN: %w", err))
	}
	return pinLocked(until)
}

func pinLocked(until time.Time) error {
	return setsafe.Errorf(setsafe.ERateLimited, "Too many wrong PINs. This PIN is locked until %s; ask the armorer or the 1st AD.", until.UTC().Format("15:04 MST"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// CredentialSubject returns the subject of the credential of a kind whose
// hash is hash in a ledger — for an anonymous concern's receipt, the
// concern's ID — or an ENotFound error.
func (db *DB) CredentialSubject(ctx context.Context, ledgerID string, kind setsafe.CredentialKind, hash string) (string, error) {
	var subject string
	err := db.queryRow(ctx, "SELECT subject FROM credentials WHERE ledger_id = ? AND kind = ? AND hash = ?",
		ledgerID, string(kind), hash).Scan(&subject)
	if errors.Is(err, sql.ErrNoRows) {
		return "", setsafe.Errorf(setsafe.ENotFound, "No %s matches.", kind)
	}
	if err != nil {
		return "", db.classify(fmt.Errorf("find credential: %w", err))
	}
	return subject, nil
}
